"""Screen-pop in a real browser: two agents in the werkplek; the answered call pops for the right one only."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD, assert_accessible
from tests.contacts.test_workspace_browser import reference_data  # noqa: F401 - fixture
from tests.parties.builders import party_build
from voorkant.apitokens.services import api_token_create
from voorkant.parties.models import AddressKind, DigitalAddress
from voorkant.telephony.models import CallConversation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username):
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("networkidle")
    page.goto("/werkplek/")


def test_an_answered_call_pops_for_the_answering_agent_only_and_becomes_a_linked_conversation(
    browser,
    page,
    live_server,
    make_persona,
    settings,
    reference_data,  # noqa: F811
):
    settings.NOTIFICATIONS_POLL_SECONDS = 1
    make_persona("kcc")
    make_persona("teamleider")
    party = party_build(surname="Jansen", bsn=None)
    DigitalAddress.objects.create(
        party=party, kind=AddressKind.PHONE, address="06 12345678", normalized="+31612345678"
    )
    other = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1400, "height": 900}
    )
    other.set_default_timeout(10_000)
    colleague = other.new_page()
    _login(page, "kcc")
    _login(colleague, "teamleider")

    key = api_token_create(name="telefooncentrale", scopes=["telephony:write"]).key
    now = timezone.now()
    events = [
        {
            "id": "pbx-1-1",
            "call_id": "pbx-1",
            "type": "queued",
            "queue": "algemeen",
            "caller": "0612345678",
            "timestamp": (now - dt.timedelta(seconds=30)).isoformat(),
        },
        {
            "id": "pbx-1-2",
            "call_id": "pbx-1",
            "type": "answered",
            "agent": "kcc",
            "timestamp": now.isoformat(),
        },
    ]
    sent = time.perf_counter()
    response = page.request.post(
        "/api/v1/telephony/events",
        data=json.dumps(events),
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json"},
    )
    assert response.status == 200, response.text()
    pop = page.locator("#vk-meldingen").get_by_role("button", name=re.compile("Gesprek starten"))
    pop.wait_for()
    latency = time.perf_counter() - sent
    print(f"screen-pop latency from POST to screen: {latency:.2f} s (poll interval 1 s)")
    assert "Jansen" in page.locator("#vk-meldingen").inner_text()
    assert_accessible(page, "telefonie-screenpop")
    # The colleague's page has polled several times since: still no pop there.
    colleague.wait_for_timeout(2500)
    assert (
        colleague.locator("#vk-meldingen").get_by_role("button", name=re.compile("Gesprek starten")).count()
        == 0
    )
    other.close()

    pop.click()
    page.wait_for_url(re.compile(r"/werkplek/[0-9a-f-]{36}/$"))
    page.wait_for_load_state("networkidle")
    assert page.locator("#vk-caller").get_by_text("Jansen").first.is_visible()
    page.get_by_label("Onderwerp").fill("Paspoort aanvragen")
    page.get_by_label("Uitkomst").select_option("zelfstandig-afgehandeld")
    assert_accessible(page, "telefonie-screenpop-gesprek")
    page.get_by_role("button", name=re.compile("Gesprek afronden")).click()
    page.get_by_text(re.compile("Gesprek geregistreerd")).wait_for()
    link = CallConversation.objects.select_related("call").get()
    assert link.call.call_id == "pbx-1"
    assert link.conversation.questions.get().subject == "Paspoort aanvragen"
