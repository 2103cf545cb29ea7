"""Making a follow-up: routing, the deadline from the product's norm, the extra answers per domain, the first
log line, the notification, the customer's e-mail and the created event, in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from voorkant.contacts.models import Question
from voorkant.events.catalogue import EventType
from voorkant.events.services import publish
from voorkant.followups import deadlines
from voorkant.followups.models import (
    DomainQuestion,
    FollowupAnswer,
    FollowupKind,
    FollowupState,
    InternalTask,
    LogKind,
    Priority,
)
from voorkant.followups.routing import route_for
from voorkant.followups.services.common import (
    Author,
    _actors_for,
    _append,
    _log_processing,
    _number_next,
    _set_state,
    _validate_assignment,
)
from voorkant.followups.services.messages import _email_customer, _notify_arrival
from voorkant.organisation.models import Actor, Domain, Employee, Team
from voorkant.privacy.models import Channel


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
    domain_questions: tuple[int | None, list[DomainQuestion]] | None = None,
) -> InternalTask:
    """Create a follow-up for ``question``: routed (given assignment first, else the product's default),
    with its deadline from the product's norm, a first log line and the FOLLOWUP_CREATED event.

    ``actors`` is the standard's explicit assignment (API); domain, team and employee are read from it.
    ``domain_questions``: (domain id, its active extra questions) when the caller has read them already (the
    form); used only when that is the domain the task ends up in.
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
    task.assigned_to.add(*(actors if actors else _actors_for(task)))  # a new task: nothing to replace
    if answers is not None:
        known = domain_questions[1] if domain_questions and domain_questions[0] == task.domain_id else None
        _answers_store(task, answers, known)
    _append(task, by, LogKind.CREATED, at=now, text=route_reason)
    _log_processing(task, by, "registreren")
    _notify_arrival(task, by)
    if by.channel != Channel.API:  # another system's task: that system talks to its customer
        _email_customer(task, event="created")
    publish(EventType.FOLLOWUP_CREATED, task_id=task.pk)
    return task


def _answers_store(
    task: InternalTask, answers: dict[str, Any], known: list[DomainQuestion] | None = None
) -> None:
    """Store the answers to the domain's extra questions, one row per field. Only the questions of the
    task's own domain are stored; a required one left empty refuses the whole follow-up. ``known``: the
    domain's active questions, when already read."""
    if known is None:
        known = DomainQuestion.objects.filter(domain_id=task.domain_id, is_active=True)
    questions = {q.key: q for q in known}
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
