"""The privacy officer looks up who processed a BSN."""

import pytest

from tests.conftest import assert_accessible
from tests.parties.builders import party_build
from voorkant.parties.services import klantbeeld_view_log

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_privacy_officer_finds_who_opened_a_klantbeeld(login_page, make_persona):
    party = party_build(bsn="999993653")
    klantbeeld_view_log(user=make_persona("kcc"), party=party, bsn="999993653")

    page = login_page("privacy")
    page.goto("/privacy/verwerkingen/")
    page.get_by_label("BSN of klantnummer").fill("999993654")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_text("11-proef").wait_for()
    assert_accessible(page, "privacy-log-fout")

    page.get_by_label("BSN of klantnummer").fill("999993653")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("cell", name="klantbeeld.raadplegen").wait_for()
    assert "999993653" not in page.url
    assert_accessible(page, "privacy-log-resultaten")
