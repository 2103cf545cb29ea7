"""Changing a follow-up: route and reassign, claim, note, call attempt, wait, resume, resolve, reopen.
Each one locks the row, checks ``TRANSITIONS``, appends a log line and publishes ``followup.changed``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from voorkant.followups import deadlines
from voorkant.followups.models import (
    CallResult,
    FollowupLogEntry,
    FollowupState,
    InternalTask,
    LogKind,
)
from voorkant.followups.services.common import (
    REROUTE_REFUSED,
    Author,
    TransitionError,
    _actors_for,
    _append,
    _changed,
    _check,
    _leave_waiting,
    _locked,
    _log_processing,
    _set_state,
    _validate_assignment,
)
from voorkant.followups.services.messages import _email_customer, _notify_arrival
from voorkant.organisation.models import Domain, Employee, Team
from voorkant.privacy.models import Channel


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
