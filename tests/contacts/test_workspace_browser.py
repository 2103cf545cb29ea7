"""The agent's workspace in a real browser: two questions, anonymous, reload, keyboard only."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_accessible
from tests.contacts.conftest import VALID_BSN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests empty the tables between tests; put the seeded reference rows back."""
    from django.utils import timezone

    from voorkant.catalogue.models import Protocol, ProtocolVersion
    from voorkant.contacts.models import Channel, Outcome
    from voorkant.contacts.reference_data import DEFAULT_CHANNELS, DEFAULT_OUTCOMES

    for order, (code, name) in enumerate(DEFAULT_CHANNELS):
        Channel.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name, category) in enumerate(DEFAULT_OUTCOMES):
        Outcome.objects.get_or_create(
            code=code, defaults={"name": name, "category": category, "order": order}
        )
    protocol, _ = Protocol.objects.get_or_create(code="standaard", defaults={"name": "Standaard"})
    ProtocolVersion.objects.get_or_create(
        protocol=protocol, number=1, defaults={"level": "standaard", "published_at": timezone.now()}
    )


def _start_conversation(page):
    page.goto("/werkplek/")
    page.get_by_role("button", name="Telefoon").first.click()
    page.wait_for_url(re.compile(r"/werkplek/[0-9a-f-]{36}/$"))
    page.wait_for_load_state("networkidle")


def _wait_for_draft(page, predicate):
    """Wait (not a timing assertion) until the autosaved draft satisfies the predicate."""
    from voorkant.contacts.models import ConversationDraft

    for _ in range(100):
        if predicate(ConversationDraft.objects.get().data):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the draft was not saved")


def test_agent_registers_a_conversation_with_two_questions(
    login_page, reference_data, knowledge_item, product
):
    from voorkant.contacts.models import Conversation, ConversationDraft

    page = login_page("kcc")
    _start_conversation(page)
    draft = ConversationDraft.objects.get()
    # A search result (the parties screen) posts the chosen person to the draft; do what its button does.
    page.evaluate(
        "([url, bsn]) => htmx.ajax('POST', url, {values: {bsn}, target: '#vk-caller', swap: 'outerHTML'})",
        [f"/werkplek/{draft.uuid}/klant/", VALID_BSN],
    )
    page.locator("#vk-caller").get_by_text("••••••653").wait_for()
    page.get_by_label("Onderwerp").fill("Paspoort aanvragen")
    page.get_by_label("Product").fill("pasp")
    page.locator('#vk-q-0-products option[value="Paspoort aanvragen"]').wait_for(state="attached")
    page.get_by_label("Product").fill("Paspoort aanvragen")
    page.get_by_label("Uitkomst").select_option("zelfstandig-afgehandeld")
    page.evaluate(
        "([url, item]) => htmx.ajax('POST', url, {values: {knowledge_item: item}})",
        [f"/werkplek/{draft.uuid}/vraag/0/antwoord/", str(knowledge_item.uuid)],
    )
    page.get_by_text("Wat kost een paspoort?").wait_for()
    page.get_by_role("button", name=re.compile("Vraag toevoegen")).click()
    second = page.locator("#vk-q-1")
    second.get_by_label("Onderwerp").wait_for()
    # Adding a question re-renders the list: the first question's input is still there.
    assert page.locator("#q-0-subject").input_value() == "Paspoort aanvragen"
    second.get_by_label("Onderwerp").fill("Wmo-aanvraag, doorverbinden")
    second.get_by_label("Uitkomst").select_option("doorverbonden")
    second.get_by_label("Met wie of welk team").fill("Team Wmo")
    second.get_by_role("group", name="Verbinding gelukt?").get_by_label("Ja").check()
    second.get_by_role("group", name="Juiste persoon bereikt?").get_by_label("Weet niet").check()
    assert_accessible(page, "werkplek-twee-vragen")
    page.get_by_role("button", name=re.compile("Gesprek afronden")).click()
    page.get_by_text("Gesprek geregistreerd: 2 vragen").wait_for()
    conversation = Conversation.objects.get()
    questions = list(conversation.questions.order_by("pk"))
    assert [q.subject for q in questions] == ["Paspoort aanvragen", "Wmo-aanvraag, doorverbinden"]
    assert questions[0].knowledge_item == knowledge_item and questions[0].answer_found
    assert questions[0].product == product
    transfer = questions[1].transfers.get()
    assert transfer.connected is True and transfer.reached_right_person is None
    assert transfer.target_label == "Team Wmo"
    party = questions[0].involvements.get().party
    assert party.identifiers.get().value == VALID_BSN
    assert not ConversationDraft.objects.exists()
    assert_accessible(page, "werkplek-na-afronden")
    # Both questions are in the caller's klantbeeld, newest first.
    page.goto(f"/klanten/{party.uuid}/")
    history = page.locator("main")
    history.get_by_text("Wmo-aanvraag, doorverbinden").wait_for()
    assert history.get_by_text("Paspoort aanvragen").count() >= 1


def test_agent_registers_an_anonymous_conversation(login_page, reference_data):
    from voorkant.contacts.models import Conversation, Involvement

    page = login_page("kcc")
    _start_conversation(page)
    page.get_by_role("button", name=re.compile("^Anoniem")).click()
    page.locator("#vk-caller").get_by_text("Anonieme beller").wait_for()
    page.get_by_label("Onderwerp").fill("Openingstijden stadhuis")
    page.get_by_label("Uitkomst").select_option("zelfstandig-afgehandeld")
    page.get_by_label("Antwoord gevonden").check()
    page.get_by_role("button", name=re.compile("Gesprek afronden")).click()
    page.get_by_text("Gesprek geregistreerd: 1 vraag").wait_for()
    question = Conversation.objects.get().questions.get()
    assert question.answer_found is True
    assert not Involvement.objects.exists()


def test_finishing_with_errors_keeps_every_input_and_shows_messages_at_the_fields(login_page, reference_data):
    from voorkant.contacts.models import Conversation

    page = login_page("kcc")
    _start_conversation(page)
    page.get_by_label("Onderwerp").fill("<script>window.hacked=1</script>" + "x" * 200)
    page.get_by_label("Notitie").fill("Beller vertelde iets vertrouwelijks")
    page.get_by_role("button", name=re.compile("Gesprek afronden")).click()
    page.get_by_text("Het gesprek is nog niet geregistreerd").wait_for()
    # Each message stands at its field, and the summary links to it.
    assert (
        page.locator("#q-0-subject-error").inner_text()
        == "Het onderwerp is te lang: maximaal 200 tekens, nu 232."
    )
    assert page.locator("#q-0-outcome-error").inner_text() == "Kies de uitkomst van de vraag."
    assert page.locator("#vk-caller-q-error").inner_text() == "Zoek de klant of kies 'Anoniem'."
    page.get_by_role("link", name="Vraag 1: Kies de uitkomst van de vraag.").click()
    assert page.evaluate("location.hash") == "#q-0-outcome"
    assert page.locator("#q-0-note").input_value() == "Beller vertelde iets vertrouwelijks"
    assert page.locator("#q-0-subject").input_value().startswith("<script>")
    assert page.evaluate("window.hacked") is None
    assert Conversation.objects.count() == 0
    assert_accessible(page, "werkplek-fouten")


def test_leaving_right_after_typing_still_saves_the_last_input(login_page, reference_data):
    page = login_page("kcc")
    _start_conversation(page)
    page.get_by_label("Onderwerp").fill("Typt en sluit meteen")
    # Sooner than the autosave pause: the leaving page sends the last input with a beacon. It may land just
    # after the reload's own request, so the next visit is the one that must show it.
    page.reload()
    _wait_for_draft(page, lambda data: data["questions"][0]["subject"] == "Typt en sluit meteen")
    page.reload()
    assert page.locator("#q-0-subject").input_value() == "Typt en sluit meteen"


def test_reload_mid_conversation_keeps_the_draft(login_page, reference_data):
    page = login_page("kcc")
    _start_conversation(page)
    page.get_by_role("button", name=re.compile("^Anoniem")).click()
    page.locator("#vk-caller").get_by_text("Anonieme beller").wait_for()
    page.get_by_label("Onderwerp").fill("Parkeervergunning verlengen")
    page.get_by_label("Notitie").fill("Vergunning loopt af op 1 maart")
    page.get_by_label("Uitkomst").select_option("doorverbonden")
    page.get_by_label("Met wie of welk team").fill("Team Parkeren")
    _wait_for_draft(page, lambda data: data["questions"][0]["transfer"]["target_label"] == "Team Parkeren")
    page.reload()
    assert page.locator("#q-0-subject").input_value() == "Parkeervergunning verlengen"
    assert page.locator("#q-0-note").input_value() == "Vergunning loopt af op 1 maart"
    assert page.locator("#q-0-outcome").input_value() == "doorverbonden"
    assert page.locator("#q-0-target_label").input_value() == "Team Parkeren"
    assert page.locator("#vk-caller").get_by_text("Anonieme beller").is_visible()
    # A closed tab too: a fresh browser page on the same account opens the same conversation.
    fresh = page.context.new_page()
    fresh.goto("/werkplek/")
    assert fresh.locator("#q-0-subject").input_value() == "Parkeervergunning verlengen"
    assert_accessible(fresh, "werkplek-na-herladen")


def test_full_conversation_with_the_keyboard_only(login_page, reference_data):
    from voorkant.contacts.models import Conversation

    page = login_page("kcc")
    page.goto("/werkplek/")
    keyboard = page.keyboard
    keyboard.press("?")  # focus is on a button, not in a field: the shortcut list opens
    page.locator("#vk-shortcuts[open]").wait_for()
    keyboard.press("Escape")
    keyboard.press("Alt+n")
    page.locator("#vk-new[open]").wait_for()
    assert_accessible(page, "werkplek-nieuw-gesprek")
    keyboard.press("Enter")  # the first channel (Telefoon) has focus
    page.wait_for_url(re.compile(r"/werkplek/[0-9a-f-]{36}/$"))
    page.wait_for_load_state("networkidle")
    keyboard.press("Alt+a")
    page.locator("#vk-caller").get_by_text("Anonieme beller").wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'q-0-subject'")
    keyboard.type("Afvalpas kwijt")
    keyboard.press("Alt+u")
    keyboard.type("Zelfstandig")
    keyboard.press("Alt+q")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'q-1-subject'")
    keyboard.type("Grofvuil ophalen")
    keyboard.press("Alt+u")
    keyboard.type("Vervolg")
    keyboard.press("Alt+o")
    assert page.evaluate("document.activeElement.id") == "q-1-subject"
    keyboard.press("Control+Enter")
    page.get_by_text("Gesprek geregistreerd: 2 vragen").wait_for()
    conversation = Conversation.objects.get()
    assert sorted(conversation.questions.values_list("subject", "outcome__code")) == [
        ("Afvalpas kwijt", "zelfstandig-afgehandeld"),
        ("Grofvuil ophalen", "vervolgactie"),
    ]


def test_administrator_screens_for_channels_and_outcomes_are_accessible(login_page, reference_data):
    from voorkant.contacts.models import Outcome

    page = login_page("beheerder")
    page.goto("/beheer/uitkomsten/")
    assert_accessible(page, "beheer-uitkomsten")
    page.get_by_role("link", name="+ Nieuwe uitkomst").click()
    page.get_by_label("Naam").fill("Doorverwezen naar de wijkteams")
    page.get_by_label("Categorie").select_option("verwezen")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_label("Code").wait_for()  # the code is required: the form comes back with the message there
    assert_accessible(page, "beheer-uitkomst-fout")
    page.get_by_label("Code").fill("wijkteams")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("'Doorverwezen naar de wijkteams' is opgeslagen.").wait_for()
    assert Outcome.objects.get(code="wijkteams").category == "verwezen"


def test_workspace_works_at_200_percent_zoom(login_page, reference_data):
    page = login_page("kcc")
    page.set_viewport_size({"width": 700, "height": 900})  # a 1400 px laptop screen at 200 %
    _start_conversation(page)
    page.get_by_role("button", name="Vraag toevoegen").click()
    page.locator("#q-1-subject").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page, "werkplek-200-procent")
