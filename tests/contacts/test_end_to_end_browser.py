"""The foundation's whole loop in a real browser, as an agent does it: find the caller by an oddly typed
phone number in the werkplek, register two questions, and see both in the klantbeeld."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_accessible
from tests.parties.builders import party_build
from voorkant.parties.models import AddressKind
from voorkant.parties.services import digital_address_add
from voorkant.privacy.models import ProcessingLogRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_find_caller_by_odd_phone_register_two_questions_and_see_them_in_the_klantbeeld(login_page):
    party = party_build(bsn="999993653")
    digital_address_add(party=party, kind=AddressKind.PHONE, address="06-12345678", keep=True)

    page = login_page("kcc")
    page.goto("/werkplek/")
    page.get_by_role("button", name="Telefoon").first.click()
    page.wait_for_url(re.compile(r"/werkplek/[0-9a-f-]{36}/$"))

    page.get_by_label(re.compile("Zoek klant")).fill("0031 (0)6 - 1234 5678")
    page.get_by_role("button", name=re.compile("Kies.*Suzanne Moulin")).click()
    page.locator("#vk-caller").get_by_text("••••••653").wait_for()

    page.get_by_label("Onderwerp").fill("Paspoort verlopen, wat nu?")
    page.get_by_label("Uitkomst").select_option("zelfstandig-afgehandeld")
    page.get_by_role("button", name=re.compile("Vraag toevoegen")).click()
    second = page.locator("#vk-q-1")
    second.get_by_label("Onderwerp").fill("Afspraak verhuizing doorgeven")
    second.get_by_label("Uitkomst").select_option("afspraak-gemaakt")
    page.get_by_role("button", name=re.compile("Gesprek afronden")).click()
    page.get_by_text("Gesprek geregistreerd: 2 vragen").wait_for()

    page.goto(f"/klanten/{party.uuid}/")
    page.get_by_role("heading", name="Suzanne Moulin", level=1).wait_for()
    assert page.get_by_role("cell", name="Paspoort verlopen, wat nu?").is_visible()
    assert page.get_by_role("cell", name="Afspraak verhuizing doorgeven").is_visible()
    assert_accessible(page, "klantbeeld-na-registratie")
    actions = set(ProcessingLogRecord.objects.values_list("action", flat=True))
    assert {"klantcontact.registreren", "klantbeeld.raadplegen"} <= actions
