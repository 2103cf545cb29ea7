"""The whole follow-up in a real browser: an agent makes a callback for a Wmo question, the back office is
notified, claims it, logs a failed attempt and resolves it; the customer's e-mail is in the outbox and the
klantbeeld shows the follow-up with its result."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps

from tests.conftest import CHROMIUM_ARGS, PASSWORD, assert_accessible  # noqa: F401
from tests.parties.builders import party_build
from voorkant.catalogue.models import Product
from voorkant.followups.models import InternalTask
from voorkant.notifications.models import Notification
from voorkant.outbox.models import OutboxMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(context, username):
    page = context.new_page()
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
    return page


def test_callback_for_a_wmo_question_from_werkplek_to_resolution(
    browser, live_server, login_page, make_persona, organisation
):
    Product.objects.create(
        name="wmo-voorziening",
        is_municipal=True,
        norm_amount=3,
        followup_domain=organisation["social_domain"],
        followup_team=organisation["social_team"],
    )
    party = party_build(bsn="999993653")
    backoffice = make_persona("backoffice")

    # The agent registers the question with a follow-up outcome and goes straight on to the follow-up form.
    page = login_page("kcc")
    page.goto("/werkplek/")
    page.get_by_role("button", name="Telefoon").first.click()
    page.wait_for_url(re.compile(r"/werkplek/[0-9a-f-]{36}/$"))
    page.get_by_label(re.compile("Zoek klant")).fill("999993653")
    page.get_by_role("button", name=re.compile("Kies.*Suzanne Moulin")).click()
    page.locator("#vk-caller").get_by_text("••••••653").wait_for()
    page.get_by_label("Onderwerp").fill("Hulp in het huishouden")
    page.get_by_label("Product").fill("wmo-voorziening")
    page.locator('#vk-q-0-products option[value="wmo-voorziening"]').wait_for(state="attached")
    page.get_by_label("Product").press("Tab")
    page.get_by_label("Uitkomst").select_option("vervolgactie")
    page.get_by_role("button", name=re.compile("Gesprek afronden")).click()
    page.wait_for_url(re.compile(r"/vervolgacties/nieuw/"))
    assert page.get_by_text("Zeg de klant wat er gebeurt").is_visible()
    page.get_by_label("Terugbelnummer").fill("06 12345678")
    page.get_by_label("E-mailadres").fill("s.moulin@voorbeeld.invalid")
    page.get_by_label("Interne notitie").fill("Klant is slecht ter been")
    assert_accessible(page, "vervolgactie-maken")
    page.get_by_role("button", name="Vervolgactie maken").click()
    page.get_by_text(re.compile("is doorgezet naar Wmo")).wait_for()
    task = InternalTask.objects.get()
    assert task.kind == "terugbelverzoek" and task.team == organisation["social_team"]
    assert OutboxMessage.objects.filter(template_code="terugbelverzoek-bevestiging").count() == 1

    # The back office is notified, claims the task, logs a failed attempt and resolves it.
    assert Notification.objects.filter(user=backoffice, kind="new_task").exists()
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1400, "height": 900}
    )
    context.set_default_timeout(10_000)
    office = _login(context, "backoffice")
    office.goto("/vervolgacties/")
    assert_accessible(office, "vervolgacties-inbox")
    office.get_by_role("link", name=re.compile(f"Terugbelverzoek {task.number}")).click()
    office.get_by_role("button", name="Oppakken").click()
    office.get_by_text("U behandelt deze vervolgactie nu.").wait_for()
    office.get_by_label("Toelichting").fill("Geen gehoor")
    office.get_by_role("button", name="Niet bereikt").click()
    office.get_by_text("De belpoging is vastgelegd.").wait_for()
    office.get_by_label("Resultaat (intern)").fill("Teruggebeld, consulent komt op huisbezoek")
    office.get_by_label(re.compile("Bericht aan de klant")).fill("Een consulent komt bij u langs.")
    assert_accessible(office, "vervolgactie-behandelen")
    office.get_by_role("button", name="Afhandelen", exact=True).click()
    office.get_by_text("De vervolgactie is afgehandeld.").wait_for()
    context.close()

    task.refresh_from_db()
    assert task.state == "afgehandeld"
    assert list(task.log_entries.values_list("kind", flat=True)) == [
        "aangemaakt",
        "opgepakt",
        "belpoging",
        "afgehandeld",
    ]
    done = OutboxMessage.objects.get(template_code="vervolgactie-afgerond")
    assert done.to == "s.moulin@voorbeeld.invalid" and "Een consulent komt bij u langs." in done.body

    # The klantbeeld shows the follow-up and its result.
    page.goto(f"/klanten/{party.uuid}/")
    followups = page.locator("#vk-followups-title").locator("xpath=..")
    assert task.number in followups.inner_text()
    assert "Teruggebeld, consulent komt op huisbezoek" in followups.inner_text()
    assert_accessible(page, "klantbeeld-vervolgactie")


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests empty the tables between tests; put the seeded channels and outcomes back."""
    from voorkant.contacts.models import Channel, Outcome
    from voorkant.contacts.reference_data import DEFAULT_CHANNELS, DEFAULT_OUTCOMES

    for order, (code, name) in enumerate(DEFAULT_CHANNELS):
        Channel.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name, category) in enumerate(DEFAULT_OUTCOMES):
        Outcome.objects.get_or_create(
            code=code, defaults={"name": name, "category": category, "order": order}
        )
    # the API outcome and the question counters the contacts service keeps
    seed = importlib.import_module("voorkant.contacts.migrations.0005_question_counts_and_api_outcome").seed
    seed(apps, None)


def test_team_leader_moves_a_follow_up_to_another_team_and_the_history_shows_it(
    reference_data, live_server, login_page, make_persona, organisation, make_task
):
    task = make_task()
    make_persona("teamleider")
    page = login_page("teamleider")
    page.goto(f"/vervolgacties/{task.uuid}/")
    page.get_by_label("Naar", exact=True).select_option(label="Dienstverlening — KCC")
    page.get_by_label("Waarom?").fill("Vraag over een afspraak, geen Wmo")
    assert_accessible(page, "vervolgactie-doorzetten")
    page.get_by_role("button", name="Doorzetten").click()
    page.get_by_text("De vervolgactie is doorgezet naar KCC.").wait_for()
    history = page.locator(".vk-log").inner_text()
    assert "Toegewezen" in history and "Vraag over een afspraak, geen Wmo" in history
    task.refresh_from_db()
    assert task.team == organisation["kcc_team"]
    assert list(task.log_entries.values_list("kind", flat=True)) == ["aangemaakt", "toegewezen"]
