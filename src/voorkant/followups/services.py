"""Every change to a follow-up: create, route, claim, log, call, wait, resume, resolve, reopen.

Each service is one transaction that locks the task row, checks the transition against ``TRANSITIONS``,
appends a log line, writes one processing-log record and publishes a domain event after commit. The UI, the
Klantinteracties API (``internal_task_save``), jobs and the demo all come through here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from voorkant.contacts.models import Involvement, Question
from voorkant.events.catalogue import EventType
from voorkant.events.services import publish
from voorkant.followups import deadlines
from voorkant.followups.models import (
    OPEN_STATES,
    STATE_TO_STATUS,
    CallResult,
    DomainQuestion,
    FollowupAnswer,
    FollowupKind,
    FollowupLogEntry,
    FollowupState,
    InternalTask,
    LogKind,
    Priority,
    TaskStatus,
)
from voorkant.followups.routing import route_for
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


def _notify_arrival(task: InternalTask, by: Author) -> None:
    """Tell whoever must pick the task up: the employee it is assigned to, else the team's members, else the
    members of the domain's back-office teams. Names no customer and no question text."""
    from voorkant.notifications.models import NotificationKind
    from voorkant.notifications.services import notify_many
    from voorkant.organisation.models import User

    users = User.objects.filter(is_active=True)
    if task.assignee_id:
        users = users.filter(employee__pk=task.assignee_id)
    elif task.team_id:
        users = users.filter(employee__memberships__team_id=task.team_id, employee__is_active=True)
    elif task.domain_id:
        users = users.filter(
            employee__memberships__team__domain_id=task.domain_id,
            employee__memberships__team__is_front_office=False,
            employee__is_active=True,
        )
    else:
        return
    if by.user is not None:
        users = users.exclude(pk=by.user.pk)
    deadline = timezone.localtime(task.deadline_at)
    notify_many(
        users=list(users.distinct()),
        kind=NotificationKind.NEW_TASK,
        title=f"Nieuwe vervolgactie {task.number}: {task.get_kind_display().lower()}",
        body=f"Uiterlijk {deadline:%d-%m-%Y %H:%M}.",
        url=f"/vervolgacties/{task.uuid}/",
    )


def _email_customer(task: InternalTask, *, event: str) -> None:
    """Queue the customer's e-mail in this transaction. The key makes a retried job or a double submit write
    no second message; each resolve after a reopen is a new message (its ordinal is in the key)."""
    if not task.contact_email:
        return
    from voorkant.outbox.services import email_queue

    context = {
        "naam": task.contact_name or "heer, mevrouw",
        "onderwerp": task.question.subject,
        "kenmerk": task.number,
        "afdeling": task.team.name
        if task.team_id
        else (task.domain.name if task.domain_id else "de gemeente"),
        "uiterlijk": formats.date_format(timezone.localtime(task.deadline_at), "l j F Y \\o\\m H:i"),
        "toelichting": task.customer_message,
    }
    if event == "created":
        template = (
            "terugbelverzoek-bevestiging"
            if task.kind == FollowupKind.CALLBACK
            else "vervolgactie-bevestiging"
        )
        key = f"followup:{task.uuid}:created"
    else:
        template = "vervolgactie-afgerond"
        ordinal = task.log_entries.filter(kind=LogKind.RESOLVED).count()
        key = f"followup:{task.uuid}:resolved:{ordinal}"
    email_queue(
        template_code=template,
        to=task.contact_email,
        context=context,
        idempotency_key=key,
        object_type="interne-taak",
        object_uuid=task.uuid,
    )


def _changed(task: InternalTask, change: str) -> None:
    publish(EventType.FOLLOWUP_CHANGED, task_id=task.pk, change=change)


# --- create ------------------------------------------------------------------------------------------------


@transaction.atomic
def followup_create(
    *,
    by: Author,
    question: Question,
    requested_action: str,
    kind: str = FollowupKind.HAND_OVER,
    explanation: str = "",
    customer_told: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    callback_window: str = "",
    priority: int = Priority.NORMAL,
    domain: Domain | None = None,
    team: Team | None = None,
    assignee: Employee | None = None,
    answers: dict | None = None,
    reference_number: str = "",
    actors: list[Actor] | None = None,
    now: datetime | None = None,
) -> InternalTask:
    """Create a follow-up for ``question``: routed (given assignment first, else the product's default),
    with its deadline from the product's norm, a first log line and the FOLLOWUP_CREATED event.

    ``actors`` is the standard's explicit assignment (API); domain, team and employee are read from it.
    """
    now = now or timezone.now()
    if actors:
        domain, team, assignee = _assignment_from_actors(actors, domain, team, assignee)
    route_reason = "Toegewezen door de medewerker"
    if domain is None and team is None and assignee is None:
        route = route_for(question=question, at=now)
        domain, team, route_reason = route.domain, route.team, route.reason
    if actors is None or domain or team or assignee:
        domain = _validate_assignment(domain, team, assignee)
    norm = deadlines.norm_for(question.product)
    deadline_at, very_late_at = deadlines.deadlines_for(start=now, norm=norm)
    task = InternalTask(
        number=_number_next(),
        reference_number=reference_number,
        question=question,
        kind=kind,
        requested_action=requested_action,
        explanation=explanation,
        customer_told=customer_told,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        callback_window=callback_window,
        priority=priority,
        domain=domain,
        team=team,
        assignee=assignee,
        created_at=now,
        assigned_at=now,
        norm_amount=norm.amount,
        norm_unit=norm.unit,
        deadline_at=deadline_at,
        very_late_at=very_late_at,
    )
    _set_state(task, FollowupState.NEW)
    try:
        # Field checks only (lengths, e-mail, choices): the number and uuid are made unique here and the state
        # constraints follow from _set_state, while the database still enforces both; checking them again in
        # Python would cost nine queries per follow-up (three savepoints among them).
        task.full_clean(
            exclude=["assigned_to", "question", "domain", "team", "assignee"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    task.save()
    task.assigned_to.set(actors if actors else _actors_for(task))
    if answers is not None:
        _answers_store(task, answers)
    _append(task, by, LogKind.CREATED, at=now, text=route_reason)
    _log_processing(task, by, "registreren")
    _notify_arrival(task, by)
    if by.channel != Channel.API:  # another system's task: that system talks to its customer
        _email_customer(task, event="created")
    publish(EventType.FOLLOWUP_CREATED, task_id=task.pk)
    return task


def _answers_store(task: InternalTask, answers: dict[str, Any]) -> None:
    """Store the answers to the domain's extra questions, one row per field. Only the questions of the
    task's own domain are stored; a required one left empty refuses the whole follow-up."""
    questions = {q.key: q for q in DomainQuestion.objects.filter(domain_id=task.domain_id, is_active=True)}
    unknown = set(answers) - set(questions)
    if unknown:
        raise ValidationError(
            {"answers": [f"Onbekende vragen voor dit domein: {', '.join(sorted(unknown))}."]}
        )
    missing = [
        q.label for key, q in questions.items() if q.is_required and answers.get(key) in (None, "", [])
    ]
    if missing:
        raise ValidationError(
            {f"vraag_{questions[k].key}": ["Vul dit in."] for k in questions if questions[k].label in missing}
        )
    FollowupAnswer.objects.bulk_create(
        [
            FollowupAnswer(task=task, field=questions[key], value=value)
            for key, value in answers.items()
            if value not in (None, "", [])
        ]
    )


def _assignment_from_actors(actors, domain, team, assignee):
    for actor in actors:
        if actor.employee_id and assignee is None:
            assignee = actor.employee
        elif actor.team_id and team is None:
            team = actor.team
        elif actor.domain_id and domain is None:
            domain = actor.domain
    if team is not None and domain is not None and team.domain_id != domain.pk:
        domain = None  # the team's own domain wins over a second, unrelated domain actor
    if team is not None:
        domain = team.domain
    return domain, team, assignee


# --- transitions -------------------------------------------------------------------------------------------


@transaction.atomic
def followup_route(
    *,
    by: Author,
    task: InternalTask,
    domain: Domain | None = None,
    team: Team | None = None,
    assignee: Employee | None = None,
    reason: str = "",
) -> InternalTask:
    """Assign to another domain, team or employee (reassign, re-route). The old assignment stays in the log.
    Without an employee an in-progress task goes back to "nieuw" for the new team to pick up."""
    task = _locked(task)
    _check(task, "route")
    domain = _validate_assignment(domain, team, assignee)
    moves = (task.domain_id, task.team_id) != (getattr(domain, "pk", None), getattr(team, "pk", None))
    if moves and by.user is not None:
        from voorkant.followups.selectors import may_reroute

        # API clients and jobs (no user) route by their own rules; people need the right to move work
        if not may_reroute(user=by.user, task=task):
            raise ValidationError(REROUTE_REFUSED)
    if (task.domain_id, task.team_id, task.assignee_id) == (
        getattr(domain, "pk", None),
        getattr(team, "pk", None),
        getattr(assignee, "pk", None),
    ):
        return task
    task.domain, task.team, task.assignee = domain, team, assignee
    task.assigned_at = timezone.now()
    if assignee is None and task.state == FollowupState.IN_PROGRESS:
        _set_state(task, FollowupState.NEW)
    task.save()
    task.assigned_to.set(_actors_for(task))
    _append(task, by, LogKind.ROUTED, text=reason)
    _log_processing(task, by, "toewijzen")
    _notify_arrival(task, by)
    _changed(task, "routed")
    return task


def followup_reassign_many(
    *, by: Author, tasks: Iterable[InternalTask], team: Team | None = None, assignee: Employee | None = None
) -> int:
    """Reassign several tasks at once (absence); all or none. Without ``team`` each task keeps its own team
    (and domain). Returns how many changed."""
    changed = 0
    with transaction.atomic():
        for task in tasks:
            before = (task.domain_id, task.team_id, task.assignee_id)
            target_team = team or task.team
            updated = followup_route(
                by=by,
                task=task,
                domain=None if target_team else task.domain,
                team=target_team,
                assignee=assignee,
            )
            changed += (updated.domain_id, updated.team_id, updated.assignee_id) != before
    return changed


@transaction.atomic
def followup_claim(*, by: Author, task: InternalTask, employee: Employee) -> InternalTask:
    """The employee takes the task: it becomes theirs and "in behandeling" (a waiting task keeps waiting)."""
    task = _locked(task)
    _check(task, "claim")
    if task.assignee_id == employee.pk and task.state != FollowupState.NEW:
        raise TransitionError("U behandelt deze vervolgactie al.")
    task.assignee = employee
    task.assigned_at = timezone.now()
    if task.state == FollowupState.NEW:
        _set_state(task, FollowupState.IN_PROGRESS)
    task.save()
    task.assigned_to.set(_actors_for(task))
    _append(task, by, LogKind.CLAIMED)
    _log_processing(task, by, "oppakken")
    _changed(task, "claimed")
    return task


@transaction.atomic
def followup_note_add(*, by: Author, task: InternalTask, text: str) -> FollowupLogEntry:
    """Add an internal note to the log (also on a resolved task: the log is the task's memory)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": ["Schrijf een notitie."]})
    task = _locked(task)
    entry = _append(task, by, LogKind.NOTE, text=text)
    _log_processing(task, by, "notitie")
    _changed(task, "note")
    return entry


@transaction.atomic
def followup_call_attempt(*, by: Author, task: InternalTask, result: str, text: str = "") -> FollowupLogEntry:
    """Log a callback attempt (bereikt / niet bereikt / voicemail). An attempt on a new task claims nothing:
    who called is in the log."""
    if result not in CallResult.values:
        raise ValidationError({"result": ["Kies of de klant is bereikt."]})
    task = _locked(task)
    _check(task, "call_attempt")
    entry = _append(task, by, LogKind.CALL_ATTEMPT, text=text.strip(), call_result=result)
    _log_processing(task, by, "belpoging")
    _changed(task, "call_attempt")
    return entry


@transaction.atomic
def followup_wait(*, by: Author, task: InternalTask, text: str = "") -> InternalTask:
    """The task waits for the customer: the deadline clock stops until it is resumed or resolved."""
    task = _locked(task)
    _check(task, "wait")
    _set_state(task, FollowupState.WAITING)
    task.paused_at = timezone.now()
    task.save()
    _append(task, by, LogKind.WAITING, text=text.strip())
    _log_processing(task, by, "wacht-op-klant")
    _changed(task, "waiting")
    return task


@transaction.atomic
def followup_resume(*, by: Author, task: InternalTask, text: str = "") -> InternalTask:
    task = _locked(task)
    _check(task, "resume")
    _leave_waiting(task, timezone.now())
    _set_state(task, FollowupState.IN_PROGRESS if task.assignee_id else FollowupState.NEW)
    task.save()
    _append(task, by, LogKind.RESUMED, text=text.strip())
    _log_processing(task, by, "hervatten")
    _changed(task, "resumed")
    return task


@transaction.atomic
def followup_resolve(
    *,
    by: Author,
    task: InternalTask,
    result: str,
    customer_message: str = "",
    resolved_at: datetime | None = None,
) -> InternalTask:
    """Resolve with an internal result and (optionally) a message for the customer."""
    result = result.strip()
    if not result:
        raise ValidationError({"result": ["Beschrijf het resultaat."]})
    task = _locked(task)
    _check(task, "resolve")
    now = timezone.now()
    _leave_waiting(task, now)
    _set_state(task, FollowupState.RESOLVED)
    task.resolved_at = resolved_at or now
    task.result = result[:1000]
    task.customer_message = customer_message.strip()[:1000]
    task.save()
    _append(task, by, LogKind.RESOLVED, text=task.result)
    _log_processing(task, by, "afhandelen")
    if by.channel != Channel.API:
        _email_customer(task, event="resolved")
    _changed(task, "resolved")
    return task


@transaction.atomic
def followup_reopen(*, by: Author, task: InternalTask, reason: str) -> InternalTask:
    """Reopen a resolved task (the customer was not helped after all). It gets a fresh deadline under the
    norm it was made with, counted from now, and can be escalated again."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ["Geef aan waarom de vervolgactie wordt heropend."]})
    task = _locked(task)
    _check(task, "reopen")
    now = timezone.now()
    norm = deadlines.Norm(task.norm_amount, task.norm_unit)
    task.deadline_at, task.very_late_at = deadlines.deadlines_for(start=now, norm=norm)
    _set_state(task, FollowupState.IN_PROGRESS if task.assignee_id else FollowupState.NEW)
    task.resolved_at = None
    task.escalated_at = None
    task.save()
    _append(task, by, LogKind.REOPENED, text=reason)
    _log_processing(task, by, "heropenen")
    _changed(task, "reopened")
    return task


# --- the Klantinteracties API ------------------------------------------------------------------------------

API_FIELDS = {"question", "requested_action", "explanation", "status", "reference_number", "resolved_at"}


@transaction.atomic
def internal_task_save(
    *, actor_label: str, task: InternalTask | None = None, changes: dict[str, Any], actors: list | None = None
) -> InternalTask:
    """The API's create/update: the standard's two statuses become resolve and reopen.

    ``verwerkt`` resolves (``afgehandeldOp`` when given, else now); ``te_verwerken`` on a resolved task
    reopens it. Any other internal state is left alone by a ``te_verwerken`` write.
    """
    by = Author(label=actor_label, channel=Channel.API)
    unknown = set(changes) - API_FIELDS
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    status = changes.get("status")
    if task is None:
        if not actors:
            raise ValidationError({"assigned_to": ["Wijs de taak toe aan minstens één actor."]})
        if "question" not in changes or "requested_action" not in changes:
            raise ValidationError({"question": ["Een interne taak hoort bij een klantcontact."]})
        task = followup_create(
            by=by,
            question=changes["question"],
            requested_action=changes["requested_action"],
            explanation=changes.get("explanation") or "",
            reference_number=changes.get("reference_number") or "",
            actors=actors,
        )
        if status == TaskStatus.PROCESSED:
            task = followup_resolve(
                by=by, task=task, result="Afgehandeld via de API", resolved_at=changes.get("resolved_at")
            )
        return task

    task = _locked(task)
    plain = {
        k: v
        for k, v in changes.items()
        if k in ("question", "requested_action", "explanation", "reference_number")
    }
    plain = {k: v for k, v in plain.items() if getattr(task, k if k != "question" else "question") != v}
    if plain:
        for name, value in plain.items():
            setattr(task, name, value)
        try:
            task.full_clean(exclude=["assigned_to", "question", "domain", "team", "assignee"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        task.save()
        _append(task, by, LogKind.CHANGED, text="Gewijzigd via de API: " + ", ".join(sorted(plain)))
        _log_processing(task, by, "wijzigen")
        _changed(task, "changed")
    if actors is not None:
        if not actors:
            raise ValidationError({"assigned_to": ["Wijs de taak toe aan minstens één actor."]})
        domain, team, assignee = _assignment_from_actors(actors, None, None, None)
        if domain or team or assignee:
            task = followup_route(by=by, task=task, domain=domain, team=team, assignee=assignee)
        task.assigned_to.set(actors)
    if status == TaskStatus.PROCESSED and task.state != FollowupState.RESOLVED:
        task = followup_resolve(
            by=by, task=task, result="Afgehandeld via de API", resolved_at=changes.get("resolved_at")
        )
    elif status == TaskStatus.TO_PROCESS and task.state == FollowupState.RESOLVED:
        task = followup_reopen(by=by, task=task, reason="Heropend via de API")
    elif "resolved_at" in changes and task.state == FollowupState.RESOLVED and changes["resolved_at"]:
        InternalTask.objects.filter(pk=task.pk).update(resolved_at=changes["resolved_at"])
        task.resolved_at = changes["resolved_at"]
    return task


@transaction.atomic
def internal_task_delete(*, actor_label: str, task: InternalTask) -> None:
    """Remove a task (API only; the UI resolves instead). Its log goes with it."""
    by = Author(label=actor_label, channel=Channel.API)
    subjects = _subjects(task)
    task_id = task.pk
    InternalTask.objects.filter(pk=task.pk).delete()
    _log_processing(task, by, "verwijderen", subjects=subjects)
    publish(EventType.FOLLOWUP_CHANGED, task_id=task_id, change="deleted")
