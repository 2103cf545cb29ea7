"""Escalation when a deadline passes: leaders and coordinators notified and mailed, once."""

from __future__ import annotations

import pytest

from tests.followups.conftest import at
from voorkant.followups import services
from voorkant.followups.escalation import followups_escalate
from voorkant.notifications.models import Notification
from voorkant.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(organisation):
    from voorkant.organisation.services import employee_create, user_create

    user = user_create(username="leider", password="x", email="leider@voorbeeld.invalid", roles=[])
    employee_create(
        name="Leider Wmo", user=user, teams=[organisation["social_team"]], leads=[organisation["social_team"]]
    )
    return user


def test_overdue_task_is_escalated_to_the_team_leader_and_the_coordinator(
    make_task, make_persona, leader, clock
):
    coordinator = make_persona("teamleider")
    clock("2026-03-02 10:00")
    task = make_task()
    assert followups_escalate(now=at("2026-03-05 16:59")) == 0
    assert followups_escalate(now=at("2026-03-05 17:01")) == 1
    escalations = Notification.objects.filter(kind="escalation")
    assert {n.user for n in escalations} == {leader, coordinator}
    assert OutboxMessage.objects.filter(to="leider@voorbeeld.invalid").count() == 1
    task.refresh_from_db()
    assert task.escalated_at == at("2026-03-05 17:01")
    assert task.log_entries.filter(kind="geescaleerd").count() == 1


def test_escalation_runs_are_idempotent(make_task, leader, clock):
    clock("2026-03-02 10:00")
    make_task()
    followups_escalate(now=at("2026-03-06 10:00"))
    assert followups_escalate(now=at("2026-03-06 10:05")) == 0
    assert Notification.objects.filter(kind="escalation").count() == 1
    assert OutboxMessage.objects.count() == 1


def test_waiting_and_resolved_tasks_are_not_escalated(make_task, leader, by, clock):
    clock("2026-03-02 10:00")
    waiting = make_task()
    services.followup_wait(by=by, task=waiting)
    done = make_task()
    services.followup_resolve(by=by, task=done, result="Klaar")
    assert followups_escalate(now=at("2026-03-10 10:00")) == 0


def test_the_periodic_job_is_registered():
    from voorkant.jobs.registry import get_task

    job = get_task("followups.escalate")
    assert job is not None and job.every is not None


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("kcc", 403),
        ("teamleider", 200),
        ("backoffice", 403),
        ("manager", 403),
        ("beheerder", 403),
        ("zonderrol", 403),
    ],
)
def test_overview_matrix(client_as, username, status):
    assert client_as(username).get("/vervolgacties/overzicht/").status_code == status


def test_team_leader_position_sees_due_soon_overdue_and_three_times_late(client, make_task, leader, clock):
    clock("2026-03-02 10:00")
    make_task()  # deadline Thu 5 March 17:00, 3× late 13 March 17:00
    clock("2026-03-16 10:00")
    make_task()  # fresh
    client.force_login(leader)
    page = client.get("/vervolgacties/overzicht/").content.decode()
    assert "3× te laat" in page and "0000000001" in page and "0000000002" not in page.split("Te laat (")[1]


def test_overview_queries_do_not_grow_with_tasks(client_as, make_task, query_counter):
    client = client_as("teamleider")
    make_task()
    one = query_counter(lambda: client.get("/vervolgacties/overzicht/"))
    for _ in range(24):
        make_task()
    assert query_counter(lambda: client.get("/vervolgacties/overzicht/")) == one
