"""generate_demo_data makes follow-ups: resolved ones in the past, open ones for the back-office team
(claimed, overdue, due soon, waiting, with log lines and call attempts), the same ones for the same seed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from voorkant.contacts.models import OutcomeCategory, Question
from voorkant.demo.content import BACKOFFICE_TEAM
from voorkant.followups.models import FollowupLogEntry, FollowupState, InternalTask, LogKind
from voorkant.organisation.models import User

pytestmark = pytest.mark.django_db
UNTIL = date(2026, 3, 6)  # a Friday


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True


def generate(seed: int = 3, contacts: int = 3000) -> None:
    call_command("generate_demo_data", contacts=contacts, seed=seed, until=UNTIL, stdout=StringIO())


def snapshot() -> list[tuple]:
    tasks = list(
        InternalTask.objects.order_by("number").values_list(
            "number",
            "uuid",
            "question__number",
            "state",
            "team__name",
            "assignee__name",
            "deadline_at",
            "resolved_at",
            "paused_at",
        )
    )
    log = list(
        FollowupLogEntry.objects.order_by("task__number", "at", "id").values_list(
            "task__number", "kind", "at", "call_result", "text"
        )
    )
    return tasks + log


def test_every_follow_up_question_up_to_the_afternoon_of_until_has_a_follow_up():
    generate()
    reference = datetime.combine(UNTIL, time(16, 0), tzinfo=ZoneInfo("Europe/Amsterdam"))
    wanted = Question.objects.filter(
        outcome__category=OutcomeCategory.FOLLOW_UP, occurred_at__lt=reference - timedelta(minutes=15)
    )
    assert wanted.exists()
    assert not wanted.filter(internal_tasks__isnull=True).exists()
    assert InternalTask.objects.filter(state=FollowupState.RESOLVED).exists()
    resolved = InternalTask.objects.filter(state=FollowupState.RESOLVED)
    assert not resolved.filter(resolved_at__isnull=True).exists()
    assert not resolved.exclude(status="verwerkt").exists()


def test_back_office_account_finds_open_work_in_its_team():
    generate()
    backoffice = User.objects.get(username="backoffice").employee
    open_tasks = InternalTask.objects.filter(team__name=BACKOFFICE_TEAM, resolved_at__isnull=True)
    reference = datetime.combine(UNTIL, time(16, 0), tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert open_tasks.count() >= 12
    assert (
        open_tasks.filter(assignee=backoffice, state=FollowupState.IN_PROGRESS).exists()
        or open_tasks.filter(assignee=backoffice, state=FollowupState.WAITING).exists()
    )
    assert open_tasks.filter(deadline_at__lt=reference).exists()  # overdue
    assert open_tasks.filter(deadline_at__gte=reference).exists()  # still running, some due soon
    assert InternalTask.objects.filter(state=FollowupState.WAITING, paused_at__isnull=False).exists()
    assert FollowupLogEntry.objects.filter(task__in=open_tasks, kind=LogKind.CALL_ATTEMPT).exists()
    # every task starts with its "aangemaakt" line, and every open one is in the assigned actors
    assert FollowupLogEntry.objects.filter(kind=LogKind.CREATED).count() == InternalTask.objects.count()
    assert not open_tasks.filter(assigned_to__isnull=True).exists()


def test_back_office_inbox_and_team_leader_overview_are_not_empty(client):
    generate()
    client.force_login(User.objects.get(username="backoffice"))
    inbox = client.get("/vervolgacties/").content.decode()
    assert "Geen vervolgacties in deze lijst." not in inbox
    client.force_login(User.objects.get(username="teamleider"))
    overview = client.get("/vervolgacties/overzicht/")
    assert overview.status_code == 200
    assert BACKOFFICE_TEAM in overview.content.decode()


def test_same_seed_gives_the_same_follow_ups_and_another_seed_others():
    from django.db import transaction

    from voorkant.demo.generator import generate as generate_rows

    def generate_and_roll_back(seed: int) -> list[tuple]:
        with transaction.atomic():
            generate_rows(contacts=1500, seed=seed, until=UNTIL)
            result = snapshot()
            transaction.set_rollback(True)
        return result

    first = generate_and_roll_back(5)
    assert first
    assert generate_and_roll_back(5) == first
    assert generate_and_roll_back(6) != first
