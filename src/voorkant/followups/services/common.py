"""What every follow-up service shares: who acts (``Author``), the allowed transitions, the row lock, the
append-only log line, the processing-log record, the assignment checks and the change event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from voorkant.contacts.models import Involvement
from voorkant.events.catalogue import EventType
from voorkant.events.services import publish
from voorkant.followups import deadlines
from voorkant.followups.models import (
    OPEN_STATES,
    STATE_TO_STATUS,
    FollowupLogEntry,
    FollowupState,
    InternalTask,
    LogKind,
)
from voorkant.organisation.models import Actor, Domain, Employee, Team
from voorkant.privacy.models import Channel, ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

NUMBER_WIDTH = 10
PURPOSE = "Vervolgactie op een klantcontact uitzetten en bijhouden"


class TransitionError(ValidationError):
    """A change the follow-up's state does not allow; the message is Dutch and fit for the screen."""


@dataclass(frozen=True)
class Author:
    """Who makes a change: a logged-in user, or an API client / job known by a label."""

    user: Any = None
    label: str = ""
    channel: str = Channel.UI

    @classmethod
    def of(cls, user, *, channel: str = Channel.UI) -> Author:
        return cls(user=user, label=user.get_username(), channel=channel)

    @property
    def name(self) -> str:
        return self.label or (self.user.get_username() if self.user is not None else "onbekend")


# (state, action) -> allowed. The target state is decided by the action itself (see each service).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "claim": (FollowupState.NEW, FollowupState.IN_PROGRESS, FollowupState.WAITING),
    "route": OPEN_STATES,
    "call_attempt": OPEN_STATES,
    "wait": (FollowupState.NEW, FollowupState.IN_PROGRESS),
    "resume": (FollowupState.WAITING,),
    "resolve": OPEN_STATES,
    "reopen": (FollowupState.RESOLVED,),
    "note": tuple(FollowupState.values),
}
REFUSALS = {
    "claim": "Deze vervolgactie is al afgehandeld; heropen haar eerst.",
    "route": "Een afgehandelde vervolgactie kan niet worden doorgezet; heropen haar eerst.",
    "call_attempt": "Deze vervolgactie is al afgehandeld; heropen haar eerst.",
    "wait": "Alleen een open vervolgactie die niet al wacht, kan wachten op de klant.",
    "resume": "Deze vervolgactie wacht niet op de klant.",
    "resolve": "Deze vervolgactie is al afgehandeld.",
    "reopen": "Alleen een afgehandelde vervolgactie kan worden heropend.",
}


REROUTE_REFUSED = (
    "Alleen de teamleider van het team of de KCC-coördinator kan een vervolgactie naar een ander team of "
    "domein doorzetten."
)


def _check(task: InternalTask, action: str) -> None:
    if task.state not in TRANSITIONS[action]:
        raise TransitionError(REFUSALS.get(action, "Deze wijziging is nu niet mogelijk."))


def _locked(task: InternalTask) -> InternalTask:
    """Re-read the task under a row lock so two people acting at once see each other's change."""
    return InternalTask.objects.select_for_update().select_related("question").get(pk=task.pk)


def _number_next() -> str:
    highest = (
        InternalTask.objects.filter(number__regex=r"^[0-9]{10}$")
        .order_by("-number")
        .values_list("number", flat=True)
    ).first()
    return str(int(highest) + 1 if highest else 1).zfill(NUMBER_WIDTH)


def _subjects(task: InternalTask) -> list[Subject]:
    uuids = Involvement.objects.filter(question_id=task.question_id, party__isnull=False).values_list(
        "party__uuid", flat=True
    )
    subjects = [Subject("partij", str(u)) for u in uuids]
    if task.contact_phone:
        subjects.append(Subject("telefoon", task.contact_phone))
    if task.contact_email:
        subjects.append(Subject("e-mail", task.contact_email))
    return subjects


def _log_processing(
    task: InternalTask, by: Author, action: str, subjects: list[Subject] | None = None
) -> None:
    processing_log_write(
        user=by.user,
        actor_label=by.name,
        channel=by.channel,
        activity=ProcessingActivity.FOLLOW_UP,
        purpose=PURPOSE,
        action=f"interne-taak.{action}",
        subjects=_subjects(task) if subjects is None else subjects,
        object_type="interne-taak",
        object_uuid=task.uuid,
    )


def _append(task: InternalTask, by: Author, kind: str, *, text: str = "", call_result: str = "", at=None):
    return FollowupLogEntry.objects.create(
        task=task,
        kind=kind,
        at=at or timezone.now(),
        user=by.user,
        actor_label=by.name[:200],
        text=text[:1000],
        call_result=call_result,
        domain_id=task.domain_id if kind in (LogKind.CREATED, LogKind.ROUTED) else None,
        team_id=task.team_id if kind in (LogKind.CREATED, LogKind.ROUTED) else None,
        assignee_id=task.assignee_id if kind in (LogKind.CREATED, LogKind.ROUTED) else None,
    )


def _set_state(task: InternalTask, state: str) -> None:
    task.state = state
    task.status = STATE_TO_STATUS[state]


def _leave_waiting(task: InternalTask, now: datetime) -> None:
    """Stop the pause: the deadline moves on by the opening time the task waited for the customer."""
    if task.paused_at is None:
        return
    task.deadline_at = deadlines.shift_for_pause(
        moment=task.deadline_at, paused_at=task.paused_at, resumed_at=now
    )
    task.very_late_at = deadlines.shift_for_pause(
        moment=task.very_late_at, paused_at=task.paused_at, resumed_at=now
    )
    if task.escalated_at is not None and task.deadline_at > now:
        task.escalated_at = None  # no longer overdue: a later overrun is escalated again
    task.paused_at = None


def _actors_for(task: InternalTask) -> list[Actor]:
    """The standard's assigned actors: the employee and the team, or the domain when there is no team."""
    wanted = {}
    if task.assignee_id:
        wanted["employee_id"] = task.assignee_id
    if task.team_id:
        wanted["team_id"] = task.team_id
    elif task.domain_id:
        wanted["domain_id"] = task.domain_id
    actors = []
    for field, value in wanted.items():
        actor = Actor.objects.filter(**{field: value}).first()
        if actor is not None:
            actors.append(actor)
    return actors


def _validate_assignment(
    domain: Domain | None, team: Team | None, assignee: Employee | None
) -> Domain | None:
    if team is not None:
        if domain is not None and team.domain_id != domain.pk:
            raise ValidationError({"team": ["Dit team hoort niet bij het gekozen domein."]})
        domain = team.domain
    if assignee is not None and team is not None and not assignee.memberships.filter(team=team).exists():
        raise ValidationError({"assignee": ["Deze medewerker zit niet in het gekozen team."]})
    if domain is None and team is None and assignee is None:
        raise ValidationError({"domain": ["Kies een domein, team of medewerker voor deze vervolgactie."]})
    return domain


def _changed(task: InternalTask, change: str) -> None:
    publish(EventType.FOLLOWUP_CHANGED, task_id=task.pk, change=change)
