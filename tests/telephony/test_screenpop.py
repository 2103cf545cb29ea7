"""Screen-pop: the answering agent (and only that agent) sees who calls and starts a linked conversation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.parties.builders import party_build
from voorkant.contacts import services as contacts
from voorkant.contacts.models import ConversationDraft
from voorkant.notifications.models import Notification, NotificationKind
from voorkant.parties.models import AddressKind, DigitalAddress
from voorkant.privacy.models import ProcessingLogRecord
from voorkant.telephony.models import Call, CallConversation
from voorkant.telephony.services import telephony_events_ingest, telephony_retention_apply

pytestmark = pytest.mark.django_db


def now_event(kind, seconds_ago, *, call="live-1", now=None, **fields):
    moment = (now or timezone.now()) - dt.timedelta(seconds=seconds_ago)
    return {
        "id": f"{call}-{kind}-{seconds_ago}",
        "type": kind,
        "call_id": call,
        "timestamp": moment.isoformat(),
    } | fields


def answered_call(*, call="live-1", agent="kcc", caller="06 12345678"):
    return [
        now_event("queued", 40, call=call, queue="algemeen", caller=caller),
        now_event("answered", 5, call=call, agent=agent),
    ]


def party_with_phone(number="+31612345678", surname="Jansen"):
    party = party_build(surname=surname, bsn=None)
    DigitalAddress.objects.create(party=party, kind=AddressKind.PHONE, address=number, normalized=number)
    return party


def client_as_agent_region(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get("/meldingen/live/").content.decode()


def pops(user):
    return list(Notification.objects.filter(user=user, kind=NotificationKind.SCREEN_POP))


def test_an_answered_call_pops_for_the_answering_agent_only_with_the_party_known_by_the_number(make_persona):
    agent, colleague = make_persona("kcc"), make_persona("teamleider")
    party_with_phone()
    telephony_events_ingest(raw_events=answered_call(agent="kcc"))
    [pop] = pops(agent)
    assert pop.title.startswith("06 12345678 — ") and "Jansen" in pop.title
    assert pop.body == "Wachtrij algemeen, 35 s gewacht."
    assert pops(colleague) == []
    region = client_as_agent_region(agent)
    assert "Gesprek starten" in region and "Jansen" in region
    record = ProcessingLogRecord.objects.get(action="telefonie.beller_herkennen")
    assert record.user == agent and record.subject_count == 2  # the number and the party


def test_an_unknown_number_pops_as_unknown_and_a_withheld_number_as_screened(make_persona):
    agent = make_persona("kcc")
    telephony_events_ingest(raw_events=answered_call(call="a", caller="0201234567"))
    telephony_events_ingest(raw_events=answered_call(call="b", caller="anonymous"))
    titles = sorted(p.title for p in pops(agent))
    assert titles == ["020 123 4567 — onbekend nummer", "anoniem nummer — nummer afgeschermd"]


def test_no_pop_for_history_for_a_call_already_over_or_for_an_agent_outside_voorkant(make_persona):
    agent = make_persona("kcc")
    old = [
        now_event("queued", 3600, call="old", queue="algemeen", caller="0612345678"),
        now_event("answered", 3500, call="old", agent="kcc"),
    ]
    over = [*answered_call(call="over"), now_event("completed", 1, call="over")]
    telephony_events_ingest(raw_events=old + over + answered_call(call="pbx-only", agent="SIP/999"))
    assert pops(agent) == []


def test_the_pop_button_starts_a_phone_conversation_with_the_caller_and_registering_links_it(
    client_as, make_persona
):
    party = party_with_phone()
    client = client_as("kcc")
    telephony_events_ingest(raw_events=answered_call())
    [pop] = pops(make_persona("kcc"))
    response = client.post(pop.url)
    draft = ConversationDraft.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{draft.uuid}/")
    assert draft.data["channel"] == "telefoon" and draft.data["call_id"] == "live-1"
    assert draft.data["caller"]["party_uuid"] == str(party.uuid)
    pop.refresh_from_db()
    assert pop.read_at is not None
    data = contacts.draft_merge(
        draft=draft,
        data={
            "channel": "telefoon",
            "questions": [{"subject": "Paspoort aanvragen", "outcome": "zelfstandig-afgehandeld"}],
        },
    )
    conversation = contacts.draft_finish(draft=draft, user=make_persona("kcc"), data=data)
    link = CallConversation.objects.get(conversation=conversation)
    assert link.call == Call.objects.get(call_id="live-1")
    # The klantbeeld shows the waiting the customer lived for this contact.
    page = client.get(f"/klanten/{party.uuid}/").content.decode()
    assert "Wachttijd telefoon" in page and ">35 s<" in page


def test_an_unknown_number_starts_an_anonymous_conversation_with_the_number_to_call_back(
    client_as, make_persona
):
    client = client_as("kcc")
    telephony_events_ingest(raw_events=answered_call(caller="0201234567"))
    [pop] = pops(make_persona("kcc"))
    client.post(pop.url)
    draft = ConversationDraft.objects.get()
    assert draft.data["caller"]["anonymous"] is True
    assert draft.data["questions"][0]["phone"] == "020 123 4567"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("kcc", 302), ("teamleider", 404), ("backoffice", 403), ("manager", 403), ("zonderrol", 403)],
)
def test_only_the_answering_agent_may_start_the_conversation(client_as, make_persona, persona, status):
    make_persona("kcc")
    telephony_events_ingest(raw_events=answered_call())
    url = f"/telefonie/gesprekken/{Call.objects.get().pk}/gesprek/"
    assert client_as(persona).post(url).status_code == status


def test_starting_a_conversation_needs_a_login_and_a_post(client, client_as, make_persona):
    make_persona("kcc")
    telephony_events_ingest(raw_events=answered_call())
    url = f"/telefonie/gesprekken/{Call.objects.get().pk}/gesprek/"
    assert client.post(url).status_code == 302  # to the login page
    assert client_as("kcc").get(url).status_code == 405


def test_retention_removes_old_screen_pops_with_the_numbers(make_persona):
    agent = make_persona("kcc")
    telephony_events_ingest(raw_events=answered_call())
    telephony_retention_apply(now=timezone.now() + dt.timedelta(days=91))
    assert pops(agent) == []


def test_a_linked_conversation_takes_handling_time_and_transfers_from_the_call(client_as, make_persona):
    from voorkant.dashboard.facts import facts_for_questions

    client = client_as("kcc")
    now = timezone.now()
    events = [
        now_event("queued", 300, now=now, queue="algemeen", caller="0612345678"),
        now_event("answered", 280, now=now, agent="SIP/1"),
        now_event("transferred", 200, now=now, agent="SIP/1", target="burgerzaken"),
        now_event("answered", 5, now=now, agent="kcc"),
    ]
    telephony_events_ingest(raw_events=events)
    [pop] = pops(make_persona("kcc"))
    client.post(pop.url)
    draft = ConversationDraft.objects.get()
    data = contacts.draft_merge(
        draft=draft,
        data={"channel": "telefoon", "questions": [{"subject": "Wmo", "outcome": "zelfstandig-afgehandeld"}]},
    )
    conversation = contacts.draft_finish(draft=draft, user=make_persona("kcc"), data=data)
    telephony_events_ingest(raw_events=[now_event("completed", 0, now=now)])
    [fact] = facts_for_questions([conversation.questions.get().pk])
    # 80 s with the first agent and 5 s with the second: telephony's talk time, and its one transfer.
    assert fact["handling_seconds"] == 85 and fact["transfers"] == 1
