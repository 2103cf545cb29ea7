"""Demo follow-ups for the questions whose outcome is a follow-up: resolved ones for the past, open ones for
the last working days, so the back-office inbox and the team leaders' overview have something to show.

Written as plain rows like the questions (see writers.py and docs/demo-data.md for what that skips), but
routed, timed and logged by the same rules the services apply: the product's follow-up team or domain, the
deadline from the product's norm on the working-day calendar, one log line per step. Every moment hangs on
``until`` (not on today) and every choice on the generator's one ``random.Random``, so a seed gives the same
follow-ups each time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from voorkant.catalogue.models import NormUnit, Product
from voorkant.contacts.models import OutcomeCategory, Question
from voorkant.demo import content
from voorkant.demo.plan import new_uuid
from voorkant.demo.writers import BulkWriter
from voorkant.followups import deadlines
from voorkant.followups.models import (
    CallResult,
    FollowupKind,
    FollowupLogEntry,
    FollowupState,
    InternalTask,
    LogKind,
    TaskStatus,
)
from voorkant.organisation.models import Actor, Employee, Team

NUMBER_PREFIX = "D"  # like the demo questions: apart from the numbers the service hands out
OPEN_WORKING_DAYS = 8  # follow-ups from the last eight working days before ``until`` are still open
BACKOFFICE_MINIMUM = 12  # the demo's back-office account always finds at least this many in its team
GENERATOR = "generate_demo_data"
# What happens to the open follow-ups of the back-office account's team, in turn: still new, claimed by the
# account, claimed and called without reaching the customer, waiting for the customer, with a colleague.
BACKOFFICE_MIX = ("new", "mine", "mine_called", "new", "mine_waiting", "colleague")

TASK_FIELDS = (
    "id",
    "uuid",
    "number",
    "question",
    "kind",
    "requested_action",
    "explanation",
    "customer_told",
    "contact_phone",
    "priority",
    "domain",
    "team",
    "assignee",
    "state",
    "status",
    "created_at",
    "assigned_at",
    "norm_amount",
    "norm_unit",
    "deadline_at",
    "very_late_at",
    "paused_at",
    "resolved_at",
    "result",
    "customer_message",
    # not null without a database default: always empty in the demo
    "reference_number",
    "contact_name",
    "contact_email",
    "callback_window",
)
LOG_FIELDS = ("id", "task", "kind", "at", "actor_label", "text", "call_result", "domain", "team", "assignee")
ASSIGNED_FIELDS = ("id", "internaltask", "actor")

RESULTS = (
    ("Klant teruggebeld en de vraag beantwoord.", "Wij hebben uw vraag telefonisch beantwoord."),
    ("Aanvraag doorgenomen; formulier per post verstuurd.", "U ontvangt het formulier binnen een week."),
    ("Afspraak ingepland met de klant.", "Uw afspraak staat gepland; u krijgt een bevestiging."),
    ("Uitleg gegeven over de voorwaarden.", "Wij hebben u de voorwaarden uitgelegd."),
)
NOTES = (
    "Dossier opgevraagd bij de collega's.",
    "Klant vraagt om terugbellen na 16 uur.",
    "Stukken ontbreken nog; klant stuurt ze na.",
)


@dataclass
class _Route:
    domain_id: int | None
    team_id: int | None
    reason: str


def write_followups(*, rng: random.Random, writer: BulkWriter, until: date) -> int:
    """Follow-ups for every demo question with a follow-up outcome; returns how many were written."""
    zone = ZoneInfo(settings.TIME_ZONE)
    reference = datetime.combine(until, time(16, 0), tzinfo=zone)  # a working afternoon on ``until``
    open_from = _working_days_back(reference, OPEN_WORKING_DAYS)
    routes = _routes()
    members = _members()
    backoffice = Employee.objects.filter(user__username="backoffice").values_list("pk", flat=True).first()
    backoffice_team = Team.objects.filter(name=content.BACKOFFICE_TEAM).values_list("pk", "domain_id").first()
    actors = _actor_ids()
    norms = {
        pk: deadlines.Norm(
            amount or settings.FOLLOWUP_DEFAULT_NORM_WORKING_DAYS, unit or NormUnit.WORKING_DAYS
        )
        for pk, amount, unit in Product.objects.values_list("pk", "norm_amount", "norm_unit")
    }
    default_norm = deadlines.Norm(settings.FOLLOWUP_DEFAULT_NORM_WORKING_DAYS, NormUnit.WORKING_DAYS)
    questions = list(
        Question.objects.filter(
            number__startswith="D", outcome__category=OutcomeCategory.FOLLOW_UP, internal_tasks__isnull=True
        )
        .order_by("id")
        .values_list("id", "occurred_at", "product_id", "subject")
    )
    task_id = writer.next_id(InternalTask)
    log_id = writer.next_id(FollowupLogEntry)
    through = InternalTask.assigned_to.through
    assigned_id = writer.next_id(through)
    number = InternalTask.objects.filter(number__startswith=NUMBER_PREFIX).count() + 1
    tasks, logs, assigned = [], [], []
    open_rows: list[list] = []

    for question_id, occurred, product_id, subject in questions:
        created = occurred + timedelta(minutes=rng.randint(2, 15))
        if created > reference:
            continue
        route = routes.get(product_id) or routes[None]
        norm = norms.get(product_id, default_norm)
        deadline, very_late = deadlines.deadlines_for(start=created, norm=norm)
        kind = rng.choices(
            [FollowupKind.CALLBACK, FollowupKind.EMAIL_BACK, FollowupKind.HAND_OVER], [6, 2, 2]
        )[0]
        row = [
            task_id,
            new_uuid(rng),
            f"{NUMBER_PREFIX}{number:09d}",
            question_id,
            kind,
            f"Klant terugbellen over: {subject}"[:200]
            if kind == FollowupKind.CALLBACK
            else f"Vraag afhandelen: {subject}"[:200],
            "",
            _promise(kind, deadline.astimezone(zone)),
            f"06-{rng.randint(10_000_000, 99_999_999)}" if kind == FollowupKind.CALLBACK else "",
            rng.choices([0, 1, 2], [1, 8, 1])[0],
            route.domain_id,
            route.team_id,
            None,  # assignee
            FollowupState.NEW,
            TaskStatus.TO_PROCESS,
            created,
            created,
            norm.amount,
            norm.unit,
            deadline,
            very_late,
            None,  # paused_at
            None,  # resolved_at
            "",
            "",
        ]
        logs.append(
            (log_id, task_id, LogKind.CREATED, created, GENERATOR, route.reason, "")
            + (route.domain_id, route.team_id, None)
        )
        log_id += 1
        if created < open_from:
            log_id = _resolve(rng, row, logs, log_id, members.get(route.team_id) or [], deadline)
        else:
            open_rows.append(row)
        tasks.append(row)
        task_id += 1
        number += 1

    if backoffice_team is not None:
        log_id = _fill_backoffice_team(rng, open_rows, logs, log_id, backoffice_team, reference)
    in_team = 0
    for row in open_rows:
        if backoffice_team is not None and row[11] == backoffice_team[0]:
            # a fixed mix, so even a small demo shows every kind of open work to the back-office account
            step = BACKOFFICE_MIX[in_team % len(BACKOFFICE_MIX)]
            in_team += 1
        else:
            step = None
        log_id = _work_on(rng, row, logs, log_id, members, backoffice, step, reference)
    for row in tasks:
        for actor in _assigned_actors(row, actors):
            assigned.append((assigned_id, row[0], actor))
            assigned_id += 1

    writer.write(InternalTask, TASK_FIELDS, ((*r, "", "", "", "") for r in tasks))
    writer.write(FollowupLogEntry, LOG_FIELDS, logs)
    writer.write(through, ASSIGNED_FIELDS, assigned)
    return len(tasks)


def _routes() -> dict[int | None, _Route]:
    """Each product's route (follow-up team, else follow-up domain, else owning domain), as route_for
    decides when there are no routing rules; questions without a product go to the KCC's own domain."""
    teams = dict(Team.objects.values_list("pk", "domain_id"))
    routes: dict[int | None, _Route] = {}
    for pk, team_id, domain_id, owner_id in Product.objects.values_list(
        "pk", "followup_team_id", "followup_domain_id", "owner_domain_id"
    ):
        if team_id:
            routes[pk] = _Route(teams[team_id], team_id, "Standaardteam van het product")
        elif domain_id or owner_id:
            routes[pk] = _Route(domain_id or owner_id, None, "Standaarddomein van het product")
    kcc_domain = Team.objects.filter(name=content.KCC_TEAM).values_list("domain_id", flat=True).first()
    routes[None] = _Route(kcc_domain, None, "Toegewezen door de medewerker")
    return routes


def _members() -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for team_id, employee_id in (
        Employee.objects.filter(memberships__isnull=False)
        .order_by("memberships__team_id", "pk")
        .values_list("memberships__team_id", "pk")
    ):
        result.setdefault(team_id, []).append(employee_id)
    return result


def _actor_ids() -> dict[tuple[str, int], int]:
    ids = {}
    for pk, employee_id, team_id, domain_id in Actor.objects.values_list(
        "pk", "employee_id", "team_id", "domain_id"
    ):
        for kind, value in (("employee", employee_id), ("team", team_id), ("domain", domain_id)):
            if value:
                ids[(kind, value)] = pk
    return ids


def _assigned_actors(row: list, actors: dict) -> list[int]:
    """The standard's toegewezenAanActoren, as the services keep it: employee and team, or the domain."""
    wanted = [("employee", row[12])] if row[12] else []
    wanted.append(("team", row[11]) if row[11] else ("domain", row[10]))
    return [actors[key] for key in wanted if key in actors]


def _working_days_back(moment: datetime, days: int) -> datetime:
    while days:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def _promise(kind: str, deadline: datetime) -> str:
    when = f"{deadline:%d-%m-%Y} om {deadline:%H:%M}"
    if kind == FollowupKind.CALLBACK:
        return f"Wij bellen u uiterlijk {when} terug."
    if kind == FollowupKind.EMAIL_BACK:
        return f"U krijgt uiterlijk {when} antwoord per e-mail."
    return f"Uw vraag is doorgezet. U hoort uiterlijk {when} van ons."


def _log(logs, log_id, task_id, kind, at, text="", call_result="", route=(None, None, None)) -> int:
    logs.append((log_id, task_id, kind, at, GENERATOR, text, call_result, *route))
    return log_id + 1


def _resolve(rng, row, logs, log_id, members: list[int], deadline: datetime) -> int:
    """A past follow-up: claimed, called (sometimes more than once) and resolved, mostly within the norm."""
    created = row[15]
    assignee = rng.choice(members) if members else None
    claimed = created + timedelta(minutes=rng.randint(20, 600))
    log_id = _log(logs, log_id, row[0], LogKind.CLAIMED, claimed)
    moment = claimed
    if row[4] == FollowupKind.CALLBACK and rng.random() < 0.3:
        moment += timedelta(minutes=rng.randint(10, 240))
        log_id = _log(logs, log_id, row[0], LogKind.CALL_ATTEMPT, moment, call_result=CallResult.NOT_REACHED)
    late = rng.random() < 0.12
    span = (deadline - created) * (rng.uniform(1.05, 2.5) if late else rng.uniform(0.1, 0.95))
    resolved = max(moment + timedelta(minutes=5), created + span)
    if row[4] == FollowupKind.CALLBACK:
        log_id = _log(logs, log_id, row[0], LogKind.CALL_ATTEMPT, resolved, call_result=CallResult.REACHED)
    result, message = rng.choice(RESULTS)
    log_id = _log(logs, log_id, row[0], LogKind.RESOLVED, resolved, text=result)
    row[12], row[13], row[14] = assignee, FollowupState.RESOLVED, TaskStatus.PROCESSED
    row[22], row[23], row[24] = resolved, result, message
    return log_id


def _fill_backoffice_team(rng, open_rows, logs, log_id, backoffice_team, reference) -> int:
    """In a small demo few open follow-ups reach the back-office account's team by product; the KCC
    coordinator moves the newest open ones of the same domain over, as a re-route in the log."""
    team_id, domain_id = backoffice_team
    have = sum(1 for row in open_rows if row[11] == team_id)
    for row in reversed(open_rows):
        if have >= BACKOFFICE_MINIMUM:
            break
        if row[11] == team_id:
            continue
        row[10], row[11] = domain_id, team_id
        moved = min(reference, row[15] + timedelta(minutes=rng.randint(10, 90)))
        row[16] = moved
        log_id = _log(
            logs,
            log_id,
            row[0],
            LogKind.ROUTED,
            moved,
            text="Doorgezet naar het juiste team",
            route=(domain_id, team_id, None),
        )
        have += 1
    return log_id


def _work_on(rng, row, logs, log_id, members, backoffice, step: str | None, reference) -> int:
    """An open follow-up: some still new, some claimed, some with call attempts and notes, some waiting for
    the customer. ``step`` fixes the mix for the back-office account's team (see BACKOFFICE_MIX)."""
    if step == "new" or (step is None and rng.random() < 0.35):
        return log_id  # nobody picked it up yet
    team_members = [m for m in members.get(row[11]) or [] if m != backoffice]
    if step in ("mine", "mine_called", "mine_waiting") and backoffice:
        assignee = backoffice
    elif team_members:
        assignee = rng.choice(team_members)
    else:
        return log_id
    created, task_id = row[16], row[0]
    span = max(60, int((reference - created).total_seconds() // 60))
    moment = created + timedelta(minutes=rng.randint(5, max(6, span // 3)))
    log_id = _log(logs, log_id, task_id, LogKind.CLAIMED, moment)
    row[12], row[13] = assignee, FollowupState.IN_PROGRESS
    if step == "mine_called" or (step is None and row[4] == FollowupKind.CALLBACK and rng.random() < 0.6):
        for _ in range(rng.randint(1, 2)):
            moment = min(reference, moment + timedelta(minutes=rng.randint(15, max(16, span // 3))))
            result = rng.choice([CallResult.NOT_REACHED, CallResult.VOICEMAIL])
            log_id = _log(logs, log_id, task_id, LogKind.CALL_ATTEMPT, moment, call_result=result)
    if rng.random() < 0.4:
        moment = min(reference, moment + timedelta(minutes=rng.randint(5, 60)))
        log_id = _log(logs, log_id, task_id, LogKind.NOTE, moment, text=rng.choice(NOTES))
    if step == "mine_waiting" or (step is None and rng.random() < 0.2):
        moment = min(reference, moment + timedelta(minutes=rng.randint(5, 60)))
        log_id = _log(logs, log_id, task_id, LogKind.WAITING, moment, text="Klant stuurt de stukken na.")
        row[13], row[21] = FollowupState.WAITING, moment
    return log_id
