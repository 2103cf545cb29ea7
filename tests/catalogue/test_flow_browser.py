"""The coordinator → manager flow in a real browser: the coordinator sees the floor's signal and the
analytics, drafts a proposal (the difference is shown), the manager approves it with a reason, and the next
registration in the werkplek asks the new version's question."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_accessible
from voorkant.catalogue.models import FieldKind, Product, ProtocolLevel, ProtocolVersion, SignalKind
from voorkant.catalogue.services import FieldSpec, protocol_create, protocol_signal_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in_as(page, make_persona, username):
    from tests.conftest import PASSWORD

    make_persona(username)
    page.context.clear_cookies()
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")


def test_coordinator_proposes_manager_approves_and_the_werkplek_uses_the_new_version(page, make_persona):
    version = protocol_create(
        code="verhuizing",
        name="Verhuizing",
        level=ProtocolLevel.STANDARD,
        fields=[
            FieldSpec(key="datum", label="Verhuisdatum", kind=FieldKind.DATE, why_asked="Termijn BRP"),
            FieldSpec(
                key="oude-gemeente", label="Vorige gemeente", kind=FieldKind.SHORT_TEXT, why_asked="BRP"
            ),
        ],
    )
    Product.objects.create(name="verhuizing doorgeven", protocol=version.protocol, is_municipal=True)
    agent = make_persona("kcc")
    protocol_signal_create(
        user=agent,
        version=version,
        field=version.fields.get(key="oude-gemeente"),
        kind=SignalKind.SUPERFLUOUS,
        reason="Staat al in de BRP",
    )

    _log_in_as(page, make_persona, "teamleider")
    page.goto("/catalogus/protocollen/verhuizing/")
    page.get_by_text("Staat al in de BRP").wait_for()
    assert page.get_by_role("heading", name="Hoe de vragen worden ingevuld").is_visible()
    page.get_by_role("link", name="Voorstel maken").click()
    page.get_by_label("Toelichting").fill("Signaal van de vloer: vorige gemeente staat al in de BRP.")
    # Drop the superfluous question (the second), add what the floor missed in its place.
    question_2 = page.get_by_role("group", name="Vraag 2")
    question_2.get_by_label("Vraag", exact=True).fill("Verhuist de klant met kinderen?")
    question_2.get_by_label("Sleutel").fill("kinderen")
    question_2.get_by_label("Soort").select_option("janee")
    question_2.get_by_label("Waarom gevraagd").fill("Leerplicht krijgt een melding")
    page.get_by_role("button", name="Voorstel indienen").click()
    page.get_by_text("Het voorstel staat klaar").wait_for()
    page.get_by_text(re.compile("Nieuw: Verhuist de klant met kinderen")).wait_for()
    page.get_by_text(re.compile("Vervallen: Vorige gemeente")).first.wait_for()
    assert_accessible(page, "protocol-voorstel")

    _log_in_as(page, make_persona, "manager")
    page.goto("/catalogus/protocollen/")
    page.get_by_role("link", name=re.compile("Verhuizing versie 2")).click()
    page.get_by_text(re.compile("Nieuw: Verhuist de klant met kinderen")).wait_for()
    page.get_by_label("Goedkeuren en publiceren").check()
    page.get_by_label("Reden").fill("Minder vragen, en leerplicht is geholpen.")
    assert_accessible(page, "protocol-besluit")
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Het besluit is vastgelegd.").wait_for()
    page.get_by_text(re.compile("Minder vragen, en leerplicht is geholpen")).first.wait_for()
    assert ProtocolVersion.objects.get(number=2).status == "gepubliceerd"

    _log_in_as(page, make_persona, "kcc")
    page.goto("/werkplek/")
    page.get_by_role("button", name="Telefoon").first.click()
    page.wait_for_url(re.compile(r"/werkplek/[0-9a-f-]{36}/$"))
    page.get_by_label("Onderwerp").fill("Verhuizing doorgeven")
    page.get_by_label("Product").fill("verhuizing doorgeven")
    page.locator('#vk-q-0-products option[value="verhuizing doorgeven"]').wait_for(state="attached")
    page.get_by_label("Product").press("Tab")
    page.get_by_role("group", name=re.compile("Verhuist de klant met kinderen")).wait_for()
    assert page.get_by_text("Protocol Verhuizing").is_visible()
    assert not page.get_by_label("Vorige gemeente").count()
