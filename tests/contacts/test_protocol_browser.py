"""Protocols in the werkplek, in a real browser: a Wmo request asks its full question set; a passport
question goes in a few keystrokes and stores no personal data."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_accessible
from tests.parties.builders import party_build
from voorkant.catalogue.models import FieldKind, Product, ProtocolLevel
from voorkant.catalogue.services import FieldSpec, protocol_create
from voorkant.contacts.models import Question, QuestionAnswer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WHY = "De Wmo-consulent bereidt het gesprek voor."


@pytest.fixture
def protocols(transactional_db):
    wmo = protocol_create(
        code="wmo",
        name="Wmo-maatwerkvoorziening",
        level=ProtocolLevel.FULL,
        requires_follow_up=True,
        fields=[
            FieldSpec(
                key="hulpvraag",
                label="Waar heeft de klant hulp bij nodig?",
                kind=FieldKind.LONG_TEXT,
                is_required=True,
                why_asked=WHY,
            ),
            FieldSpec(
                key="mantelzorger", label="Is er een mantelzorger?", kind=FieldKind.YES_NO, why_asked=WHY
            ),
        ],
    )
    Product.objects.create(name="wmo-voorziening", protocol=wmo.protocol, is_municipal=True)
    passport = protocol_create(code="paspoort", name="Paspoort", level=ProtocolLevel.MINIMAL, fields=[])
    Product.objects.create(name="paspoort", protocol=passport.protocol, is_municipal=True)


def _start(page):
    page.goto("/werkplek/")
    page.get_by_role("button", name="Telefoon").first.click()
    page.wait_for_url(re.compile(r"/werkplek/[0-9a-f-]{36}/$"))


def test_wmo_request_asks_its_full_question_set_and_stores_the_answers(login_page, protocols):
    party_build(bsn="999993653")
    page = login_page("kcc")
    _start(page)
    page.get_by_label(re.compile("Zoek klant")).fill("999993653")
    page.get_by_role("button", name=re.compile("Kies.*Suzanne Moulin")).click()
    page.locator("#vk-caller").get_by_text("••••••653").wait_for()

    page.get_by_label("Onderwerp").fill("Hulp in het huishouden")
    page.get_by_label("Product").fill("wmo-voorziening")
    # Wait for the suggestions to arrive, as a person sees them, before leaving the field.
    page.locator('#vk-q-0-products option[value="wmo-voorziening"]').wait_for(state="attached")
    page.get_by_label("Product").press("Tab")
    hulpvraag = page.get_by_label("Waar heeft de klant hulp bij nodig?")
    hulpvraag.wait_for()
    assert page.get_by_text("Waarom gevraagd: De Wmo-consulent").first.is_visible()
    hulpvraag.fill("Kan sinds de operatie niet meer stofzuigen")
    page.get_by_role("group", name=re.compile("Is er een mantelzorger")).get_by_label("Ja").check()
    page.get_by_label("Uitkomst").select_option("vervolgactie")
    assert_accessible(page, "werkplek-wmo-protocol")
    page.get_by_role("button", name=re.compile("Gesprek afronden")).click()
    page.get_by_text("Gesprek geregistreerd: 1 vraag").wait_for()
    question = Question.objects.get()
    answers = {a.field.key: a.value for a in QuestionAnswer.objects.select_related("field")}
    assert answers == {"hulpvraag": "Kan sinds de operatie niet meer stofzuigen", "mantelzorger": True}
    assert question.protocol_version.protocol.code == "wmo"
    assert question.involvements.get().party is not None


def test_passport_question_in_a_few_keystrokes_stores_no_personal_data(login_page, protocols):
    page = login_page("kcc")
    _start(page)
    page.keyboard.press("Alt+a")  # anonymous
    page.keyboard.press("Alt+o")
    page.keyboard.type("Kosten paspoort")
    page.keyboard.press("Alt+p")
    page.keyboard.type("paspoort")
    page.locator('#vk-q-0-products option[value="paspoort"]').wait_for(state="attached")
    page.keyboard.press("Tab")
    page.get_by_text(re.compile("Notitie en contactgegevens worden niet bewaard")).wait_for()
    page.keyboard.press("Alt+u")
    page.get_by_label("Uitkomst").select_option("zelfstandig-afgehandeld")
    page.keyboard.press("Control+Enter")
    page.get_by_text("Gesprek geregistreerd: 1 vraag").wait_for()
    question = Question.objects.get()
    assert question.protocol_version.level == "minimaal"
    assert question.note == "" and not question.involvements.exists()


def test_agent_flags_a_protocol_question_from_the_question_with_the_keyboard(login_page, protocols):
    from voorkant.catalogue.models import ProtocolSignal

    page = login_page("kcc")
    _start(page)
    page.get_by_label("Onderwerp").fill("Hulp in het huishouden")
    page.get_by_label("Product").fill("wmo-voorziening")
    page.locator('#vk-q-0-products option[value="wmo-voorziening"]').wait_for(state="attached")
    page.get_by_label("Product").press("Tab")
    hulpvraag = page.get_by_label("Waar heeft de klant hulp bij nodig?")
    hulpvraag.wait_for()
    hulpvraag.fill("Stofzuigen")  # half-way through the question, the agent notices the protocol pinches

    page.keyboard.press("Alt+s")
    dialog = page.get_by_role("dialog", name=re.compile("Signaal over protocol Wmo"))
    dialog.wait_for()
    assert dialog.get_by_label("Overbodig").evaluate("el => el === document.activeElement")
    dialog.get_by_label("Over welke vraag?").select_option(label="Vraag: Is er een mantelzorger?")
    assert_accessible(page, "werkplek-signaal-dialoog")
    dialog.get_by_label("Klant ervaart dit als vervelend").check()
    dialog.get_by_label("Korte toelichting").fill("Klanten schrikken van deze vraag")
    dialog.get_by_label("Korte toelichting").press("Enter")

    status = page.locator("#q-0-signal-status")
    status.get_by_text("doorgegeven aan de teamleider").wait_for()
    assert status.get_attribute("role") == "status"
    assert not dialog.is_visible()
    assert page.locator("#q-0-signal").evaluate("el => el === document.activeElement")
    assert hulpvraag.input_value() == "Stofzuigen"  # nothing typed for the conversation is lost
    assert_accessible(page, "werkplek-signaal-bevestigd")
    signal = ProtocolSignal.objects.select_related("field", "product").get()
    assert (signal.kind, signal.field.key) == ("vervelend", "mantelzorger")
    assert signal.product.name == "wmo-voorziening"
    assert signal.reason == "Klanten schrikken van deze vraag"
