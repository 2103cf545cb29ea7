"""Reads for the follow-up screens: what the werkplek offers to follow up, the inboxes, one task."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from voorkant.contacts.models import Conversation, OutcomeCategory, Question, Transfer
from voorkant.followups.models import DomainQuestion, InternalTask
from voorkant.parties.models import AddressKind, DigitalAddress


def needs_followup(question_qs: QuerySet) -> QuerySet:
    """Questions with a follow-up outcome or a transfer that did not connect, and no follow-up yet."""
    failed_transfer = Transfer.objects.filter(question=OuterRef("pk"), connected=False)
    return (
        question_qs.filter(Q(outcome__category=OutcomeCategory.FOLLOW_UP) | Exists(failed_transfer))
        .exclude(Exists(InternalTask.objects.filter(question=OuterRef("pk"))))
        .order_by("pk")
    )


def next_question_to_follow_up(*, conversation: Conversation) -> Question | None:
    """The conversation's first question that needs a follow-up (see ``needs_followup``).

    Right after ``conversation_register`` the answer is at hand without a query: its questions
    (``registered_questions``) and transfers (``registered_transfers``) were just written in this request, and
    a question registered a moment ago has no follow-up yet.
    """
    registered = getattr(conversation, "registered_questions", None)
    transfers = getattr(conversation, "registered_transfers", None)
    if registered is not None and transfers is not None:
        failed = {transfer.question_id for transfer in transfers if transfer.connected is False}
        return next(
            (q for q in registered if q.outcome.category == OutcomeCategory.FOLLOW_UP or q.pk in failed), None
        )
    return needs_followup(Question.objects.filter(conversation=conversation)).first()


def failed_transfer_of(question: Question) -> Transfer | None:
    return (
        Transfer.objects.filter(question=question, connected=False)
        .select_related("target_actor__team__domain", "target_actor__domain")
        .order_by("-pk")
        .first()
    )


def contact_details_of(question: Question) -> dict[str, str]:
    """The phone number, e-mail address and name the caller gave with this question (or their party's)."""
    involvement = question.involvements.select_related("party").order_by("-is_initiator", "pk").first()
    if involvement is None:
        return {"contact_name": "", "contact_phone": "", "contact_email": ""}
    addresses = DigitalAddress.objects.filter(
        Q(involvement=involvement)
        | (Q(party_id=involvement.party_id) if involvement.party_id else Q(pk__in=[]))
    ).order_by("-involvement_id", "-is_default", "pk")
    phone = next((a.address for a in addresses if a.kind == AddressKind.PHONE), "")
    email = next((a.address for a in addresses if a.kind == AddressKind.EMAIL), "")
    parts = [involvement.first_name or involvement.initials, involvement.surname_prefix, involvement.surname]
    name = " ".join(p for p in parts if p) or involvement.organisation_name
    if not name and involvement.party is not None:
        name = str(involvement.party)
    return {"contact_name": name[:200], "contact_phone": phone[:30], "contact_email": email[:254]}


def domain_questions(*, domain_id: int | None) -> list[DomainQuestion]:
    if domain_id is None:
        return []
    return list(DomainQuestion.objects.filter(domain_id=domain_id, is_active=True).order_by("order", "id"))


# --- inboxes -----------------------------------------------------------------------------------------------

INBOX_COLUMNS = (
    "question__product",
    "question__channel",
    "domain",
    "team",
    "assignee",
)

# An inbox row's fields: what inbox() loads of each task and its joined names, and the columns of the
# page's rows read as dicts (inbox_rows: one per row instead of seven model instances).
INBOX_ROW_FIELDS = (
    "uuid",
    "number",
    "kind",
    "state",
    "priority",
    "requested_action",
    "customer_told",
    "contact_phone",
    "contact_name",
    "deadline_at",
    "very_late_at",
    "resolved_at",
    "paused_at",
    "question__subject",
    "question__product_id",
    "question__product__name",
    "question__channel__name",
    "team_id",
    "team__name",
    "domain_id",
    "domain__name",
    "assignee_id",
    "assignee__name",
)


def my_team_ids(user) -> list[int]:
    from voorkant.organisation.models import Team

    return list(Team.objects.filter(memberships__employee__user=user).values_list("pk", flat=True))


def inbox(*, user, scope: str, state: str = "", team_ids: list[int] | None = None) -> QuerySet:
    """Open follow-ups by deadline: ``mijn`` (assigned to me), ``team`` (my teams, and their domain when no
    team is set), ``alle`` (everything the user may see). ``state`` narrows to one internal state;
    ``afgehandeld`` lists resolved ones, newest first. ``team_ids``: the user's teams when the caller has
    them already (``my_team_ids``), to save reading them again."""
    from voorkant.privacy.access import visible_followups

    tasks = visible_followups(user)
    if scope == "mijn":
        tasks = tasks.filter(assignee__user=user)
    elif scope == "team":
        tasks = tasks.filter(team_id__in=my_team_ids(user) if team_ids is None else team_ids)
    if state == "afgehandeld":
        tasks = tasks.filter(resolved_at__isnull=False).order_by("-resolved_at", "-id")
    else:
        tasks = tasks.filter(resolved_at__isnull=True)
        if state:
            tasks = tasks.filter(state=state)
        tasks = tasks.order_by("deadline_at", "id")
    return tasks.select_related(*INBOX_COLUMNS).only(*INBOX_ROW_FIELDS)


def timing_of(task, now) -> str:
    """'te_laat_3x', 'te_laat', 'bijna' or '' — how the inbox marks a task's deadline."""
    return timing(
        resolved_at=task.resolved_at,
        paused_at=task.paused_at,
        deadline_at=task.deadline_at,
        very_late_at=task.very_late_at,
        now=now,
    )


def timing(*, resolved_at, paused_at, deadline_at, very_late_at, now) -> str:
    """timing_of() on the bare fields, for the inbox rows read as tuples."""
    from datetime import timedelta

    from django.conf import settings

    if resolved_at is not None or paused_at is not None:
        return ""
    if very_late_at <= now:
        return "te_laat_3x"
    if deadline_at <= now:
        return "te_laat"
    if deadline_at <= now + timedelta(hours=settings.FOLLOWUP_DUE_SOON_HOURS):
        return "bijna"
    return ""


def inbox_rows(task_ids: list[int]) -> list[dict]:
    """One page of ``inbox()`` as dicts of the row's fields, in the order of ``task_ids``.

    The page's ids come from their own query (``inbox().values_list("pk")`` sliced): PostgreSQL plans the
    filtered, ordered, limited read of one table in ~0.1 ms, and this read of 50 rows by primary key with the
    names joined in ~1.5 ms; as one statement (seven relations and an OR) planning took ~3.8 ms per page.
    """
    rows = {
        row["id"]: row for row in InternalTask.objects.filter(pk__in=task_ids).values("id", *INBOX_ROW_FIELDS)
    }
    return [rows[pk] for pk in task_ids if pk in rows]


def task_detail(*, user, uuid) -> InternalTask:
    from voorkant.privacy.access import visible_followups

    return (
        visible_followups(user)
        .select_related(
            "question__product", "question__channel", "question__outcome", "domain", "team", "assignee"
        )
        .get(uuid=uuid)
    )


def task_log(task: InternalTask) -> list:
    return list(task.log_entries.select_related("domain", "team", "assignee").order_by("at", "id"))


def task_answers(task: InternalTask) -> list:
    return list(task.answers.select_related("field").order_by("field__order", "field_id"))


def task_parties(task: InternalTask) -> list:
    """The stored parties behind the task's question, to open their klantbeeld."""
    from voorkant.parties.models import Party

    return list(Party.objects.filter(involvements__question_id=task.question_id).distinct())


def reassign_candidates(*, user, team_ids: list[int] | None = None) -> QuerySet:
    """Colleagues in the user's teams (for the coordinator: every back-office employee). ``team_ids`` as
    for ``inbox``."""
    from voorkant.organisation.models import Employee

    employees = Employee.objects.filter(is_active=True, memberships__team__is_front_office=False)
    if not user.has_perm("organisation.coordinate_kcc"):
        employees = employees.filter(
            memberships__team_id__in=my_team_ids(user) if team_ids is None else team_ids
        )
    return employees.distinct().order_by("name")


def visible(*, user, task) -> bool:
    from voorkant.privacy.access import visible_followups

    return visible_followups(user).filter(pk=task.pk).exists()


def may_reroute(*, user, task) -> bool:
    """Moving a follow-up to another team or domain is for the KCC coordinator (every task) and the leaders
    of the task's team (for a task without a team: a leader of a team in its domain). Reassigning within
    the team stays open to every back-office employee who sees the task."""
    from voorkant.organisation.models import TeamMembership

    if user is None or not user.is_authenticated:
        return False
    if user.has_perm("organisation.coordinate_kcc"):
        return True
    leads = TeamMembership.objects.filter(employee__user=user, employee__is_active=True, is_leader=True)
    if task.team_id:
        return leads.filter(team_id=task.team_id).exists()
    return task.domain_id is not None and leads.filter(team__domain_id=task.domain_id).exists()


def reroute_targets() -> list:
    """Where a follow-up can be moved to: every active team (with its domain), then every active domain."""
    from voorkant.organisation.models import Domain, Team

    teams = Team.objects.filter(is_active=True, domain__is_active=True).select_related("domain")
    targets = [
        {"value": f"team:{team.pk}", "label": f"{team.domain.name} — {team.name}"}
        for team in teams.order_by("domain__name", "name")
    ]
    targets += [
        {"value": f"domein:{domain.pk}", "label": f"{domain.name} (het hele domein)"}
        for domain in Domain.objects.filter(is_active=True).order_by("name")
    ]
    return targets


def followups_of_party(*, user, party) -> list:
    """The party's follow-ups the user may see, newest first, for the klantbeeld and the caller card."""
    from voorkant.privacy.access import visible_questions

    return list(
        InternalTask.objects.filter(question__involvements__party=party, question__in=visible_questions(user))
        .select_related("domain", "team", "question")
        .distinct()
        .order_by("-created_at", "-id")[:50]
    )


def teams_overseen(*, user) -> list[int] | None:
    """Team ids a user oversees: None means all (the KCC coordinator), else the teams they lead."""
    from voorkant.organisation.models import Team

    if user.has_perm("organisation.coordinate_kcc"):
        return None
    return list(
        Team.objects.filter(memberships__employee__user=user, memberships__is_leader=True).values_list(
            "pk", flat=True
        )
    )


def leader_overview(*, team_ids: list[int] | None, now) -> tuple[list[dict], list[InternalTask]]:
    """Per team: open, due soon, overdue and 3×-norm late follow-ups (one grouped query); and the overdue
    tasks themselves, most overdue first."""
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Count

    from voorkant.followups.models import FollowupState

    running = ~Q(state=FollowupState.WAITING)
    soon = now + timedelta(hours=settings.FOLLOWUP_DUE_SOON_HOURS)
    open_tasks = InternalTask.objects.filter(resolved_at__isnull=True)
    if team_ids is not None:
        open_tasks = open_tasks.filter(team_id__in=team_ids)
    rows = list(
        open_tasks.values("team__name", "domain__name")
        .annotate(
            open=Count("id"),
            waiting=Count("id", filter=Q(state=FollowupState.WAITING)),
            due_soon=Count("id", filter=running & Q(deadline_at__gt=now, deadline_at__lte=soon)),
            overdue=Count("id", filter=running & Q(deadline_at__lte=now)),
            very_late=Count("id", filter=running & Q(very_late_at__lte=now)),
        )
        .order_by("domain__name", "team__name")
    )
    overdue = list(
        open_tasks.filter(running, deadline_at__lte=now)
        .select_related(*INBOX_COLUMNS)
        .order_by("deadline_at", "id")[:50]
    )
    return rows, overdue
