"""Screen-pop: the agent who answers a call sees who is calling, and one click opens a conversation for it.

When an `answered` event names a Voorkant employee, that employee gets a notification (the platform's
per-user live channel, voorkant.notifications) naming the caller's number and the parties known by it. Its
button starts a phone conversation pre-filled with the caller; registering it links the conversation (and so
its questions) to the call, so the klantbeeld and the dashboard show the waiting the customer lived.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from voorkant.notifications.models import Notification, NotificationKind
from voorkant.notifications.services import notify
from voorkant.parties.identifiers import phone_display
from voorkant.privacy.models import Channel as LogChannel
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write
from voorkant.telephony.events import ParsedEvent
from voorkant.telephony.models import Call, CallConversation, CallStatus

logger = logging.getLogger(__name__)

# An answer older than this is history (a resend, a backfill): nobody is on the line to pop for.
POP_MAX_AGE = dt.timedelta(minutes=10)


def _call_parties(*, user, number: str) -> list:
    """Caller-search hits for this number, as the agent may see them (stored parties only)."""
    from voorkant.parties.selectors import caller_search

    return [hit for hit in caller_search(user=user, query=number).hits if hit.party_uuid]


def screen_pops_send(*, answered: Sequence[ParsedEvent], agents: dict[str, int]) -> int:
    """Pop for each new answer by a Voorkant employee whose call is still on the line; returns how many.

    Called inside the ingest transaction after the summaries are stored, so a pop is visible exactly when the
    batch is. A few queries per pop (the agent's user, the number's parties, the notification, the log).
    """
    now = timezone.now()
    wanted = {
        event.call_id: agents[event.agent]
        for event in answered
        if event.agent in agents and now - event.occurred_at <= POP_MAX_AGE
    }
    if not wanted:
        return 0
    calls = Call.objects.filter(
        call_id__in=list(wanted), status=CallStatus.TALKING, final_employee_id__in=set(wanted.values())
    )
    users = {
        user.employee.pk: user
        for user in get_user_model()
        .objects.filter(employee__pk__in=set(wanted.values()), is_active=True)
        .select_related("employee")
    }
    sent = 0
    for call in calls:
        user = users.get(call.final_employee_id)
        if user is None or wanted.get(call.call_id) != call.final_employee_id:
            continue
        screen_pop_send(call=call, user=user)
        sent += 1
    return sent


def screen_pop_send(*, call: Call, user) -> Notification:
    """Notify the answering agent: the caller's number, the parties known by it, a button to start."""
    number = call.caller_number
    if number:
        parties = _call_parties(user=user, number=number)
        processing_log_write(
            user=user,
            channel=LogChannel.API,
            activity=ProcessingActivity.IDENTIFICATION,
            purpose="Beller herkennen aan het telefoonnummer voor dienstverlening",
            action="telefonie.beller_herkennen",
            subjects=[Subject("telefoon", number), *(Subject("partij", str(p.party_uuid)) for p in parties)],
            object_type="gesprek",
        )
    else:
        parties = []
    shown = phone_display(number) if number else "anoniem nummer"
    if len(parties) == 1:
        who = parties[0].display_name
    elif parties:
        who = f"{len(parties)} klanten met dit nummer: " + ", ".join(p.display_name for p in parties[:3])
    else:
        who = "onbekend nummer" if number else "nummer afgeschermd"
    wait = round(call.total_wait_seconds)
    transfers = f", {call.transfer_count}× doorverbonden" if call.transfer_count else ""
    return notify(
        user=user,
        kind=NotificationKind.SCREEN_POP,
        title=f"{shown} — {who}",
        body=f"Wachtrij {call.final_queue or call.queue}, {wait} s gewacht{transfers}.",
        url=reverse("telephony:conversation_start", args=[call.pk]),
    )


def call_for_agent(*, user, call_pk: int) -> Call | None:
    """The call, if this user answered it (first or last agent); a pop is only ever the answering agent's."""
    employee_id = getattr(getattr(user, "employee", None), "pk", None)
    if employee_id is None:
        return None
    call = Call.objects.filter(pk=call_pk).first()
    if call is None or employee_id not in (call.first_employee_id, call.final_employee_id):
        return None
    return call


@transaction.atomic
def call_conversation_start(*, call: Call, user):
    """Open a phone conversation for this call in the agent's werkplek, pre-filled with the caller.

    One party known by the number: that party is the caller (logged as an identification by the draft
    service). None or several: the caller stays open (several) or anonymous (none), and the number is filled
    in as the question's callback number. The screen-pop is marked read.
    """
    from voorkant.contacts import services as contacts

    parties = _call_parties(user=user, number=call.caller_number) if call.caller_number else []
    draft = contacts.draft_create(
        user=user,
        channel_code="telefoon",
        call_id=call.call_id,
        callback_phone=phone_display(call.caller_number) if call.caller_number and len(parties) != 1 else "",
    )
    if len(parties) == 1:
        contacts.draft_set_caller(
            draft=draft,
            user=user,
            caller={"party_uuid": str(parties[0].party_uuid)},
            label=parties[0].display_name,
        )
    elif not parties:
        contacts.draft_set_caller(draft=draft, user=user, caller={"anonymous": True}, label="Anoniem")
    Notification.objects.filter(
        user=user,
        kind=NotificationKind.SCREEN_POP,
        url=reverse("telephony:conversation_start", args=[call.pk]),
        read_at__isnull=True,
    ).update(read_at=timezone.now())
    return draft


def call_conversation_link(*, call_id: str, conversation) -> CallConversation | None:
    """Link a registered conversation to its call (from the draft's call_id); unknown calls are ignored."""
    call = Call.objects.filter(call_id=call_id).first()
    if call is None:
        logger.warning("conversation %s names unknown call", conversation.pk)
        return None
    link, _ = CallConversation.objects.get_or_create(conversation=conversation, defaults={"call": call})
    return link
