"""KCC agent: find a caller by an oddly typed phone number, open the klantbeeld, reveal the BSN."""

import pytest

from tests.conftest import assert_accessible
from tests.parties.builders import party_build, question_build
from voorkant.parties.models import AddressKind
from voorkant.parties.services import digital_address_add
from voorkant.privacy.models import ProcessingLogRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_finds_caller_by_odd_phone_number_opens_klantbeeld_and_reveals_bsn(login_page):
    party = party_build(bsn="999993653")
    digital_address_add(party=party, kind=AddressKind.PHONE, address="06-12345678", keep=True)
    question_build(party=party, subject="Paspoort aanvragen")
    question_build(party=party, subject="Verhuizing doorgeven", channel_code="balie")

    page = login_page("kcc")
    page.goto("/klanten/zoeken/")
    page.get_by_label("Zoek een klant").fill("0031 (0)6 - 1234 5678")
    page.get_by_role("button", name="Zoeken").click()
    result = page.get_by_role("link", name="Suzanne Moulin")
    result.wait_for()
    assert page.url.endswith("/klanten/zoeken/")  # the search went by POST, nothing typed is in the URL
    assert_accessible(page, "parties-search-results")
    assert ProcessingLogRecord.objects.count() == 0

    result.click()
    page.get_by_role("heading", name="Suzanne Moulin", level=1).wait_for()
    assert page.get_by_text("••••••653").is_visible()
    assert page.get_by_role("cell", name="Verhuizing doorgeven").is_visible()
    assert page.get_by_role("cell", name="Paspoort aanvragen").is_visible()
    assert_accessible(page, "parties-klantbeeld")

    page.get_by_role("button", name="BSN tonen").click()
    page.get_by_text("999993653").wait_for()
    assert_accessible(page, "parties-klantbeeld-bsn-getoond")
    actions = sorted(ProcessingLogRecord.objects.values_list("action", flat=True))
    assert actions == ["bsn.tonen", "klantbeeld.raadplegen"]
