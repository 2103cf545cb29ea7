"""Follow-up KPIs on a hand-built April 2026 with known answers (Good Friday and Easter Monday in between),
and incremental = rebuild for follow-ups, also after a retention purge and when fed by domain events.

Opening hours are the default Monday to Friday 09:00-17:00. Passport follow-ups have a norm of 2 working
days, Wmo ones 3. Worked out by hand, for a follow-up made on Wednesday 1 April:
  2 working days → Thursday 2 April, then (Good Friday 3, weekend, Easter Monday 6) Tuesday 7 April 17:00;
  3 working days → Wednesday 8 April 17:00; 6 → Monday 13 April 17:00; 9 → Thursday 16 April 17:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.dashboard.conftest import at, rollup_snapshot
from voorkant.dashboard import selectors
from voorkant.dashboard.followup_services import rollup_followups_sync
from voorkant.dashboard.models import FollowupFact
from voorkant.dashboard.services import rollups_rebuild

pytestmark = pytest.mark.django_db

APRIL = selectors.Period("aangepast", date(2026, 4, 1), date(2026, 4, 30))
NOW = "2026-04-09 12:00"


class Desk:
    """Makes and moves follow-ups through the follow-ups app's own services at chosen moments."""

    def __init__(self, world, monkeypatch):
        from voorkant.catalogue.models import NormUnit, Product
        from voorkant.followups.services import Author

        self.world = world
        self.monkeypatch = monkeypatch
        self.by = Author(label="test", channel="ui")
        Product.objects.filter(pk=world.passport.pk).update(norm_amount=2, norm_unit=NormUnit.WORKING_DAYS)
        Product.objects.filter(pk=world.wmo.pk).update(norm_amount=3, norm_unit=NormUnit.WORKING_DAYS)
        world.passport.refresh_from_db()
        world.wmo.refresh_from_db()

    def clock(self, text: str):
        from django.utils import timezone

        moment = at(text)
        self.monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    def make(self, when: str, *, product, kind="terugbelverzoek", channel=None, team=None):
        from voorkant.followups.services import followup_create

        moment = self.clock(when)
        question = self.world.question(when=moment, product=product, channel=channel)
        self.world.register(question)
        task = followup_create(
            by=self.by,
            question=question,
            requested_action="Klant terugbellen",
            kind=kind,
            domain=None if team else product.owner_domain,
            team=team,
            now=moment,
        )
        rollup_followups_sync(task_ids=[task.pk])
        return task

    def wait(self, task, when: str):
        from voorkant.followups.services import followup_wait

        self.clock(when)
        task = followup_wait(by=self.by, task=task)
        rollup_followups_sync(task_ids=[task.pk])
        return task

    def resume(self, task, when: str):
        from voorkant.followups.services import followup_resume

        self.clock(when)
        task = followup_resume(by=self.by, task=task)
        rollup_followups_sync(task_ids=[task.pk])
        return task

    def resolve(self, task, when: str):
        from voorkant.followups.services import followup_resolve

        self.clock(when)
        task = followup_resolve(by=self.by, task=task, result="Klant gebeld en geholpen")
        rollup_followups_sync(task_ids=[task.pk])
        return task


@pytest.fixture
def april(world, monkeypatch):
    desk = Desk(world, monkeypatch)
    social_team = world.organisation["social_team"]
    tasks = {}
    tasks["t1"] = desk.make("2026-04-01 10:00", product=world.passport)
    tasks["t2"] = desk.make("2026-04-01 11:00", product=world.passport, channel=world.email)
    tasks["t3"] = desk.make("2026-04-01 12:00", product=world.wmo, kind="doorzetten", team=social_team)
    tasks["t4"] = desk.make("2026-04-01 13:00", product=world.passport)
    tasks["t5"] = desk.make("2026-04-01 14:00", product=world.passport)
    tasks["t6"] = desk.make("2026-04-01 15:00", product=world.wmo, kind="doorzetten", team=social_team)
    tasks["t7"] = desk.make("2026-04-01 16:00", product=world.wmo, kind="doorzetten", team=social_team)
    # t1: called back on the last day of its deadline, after the holidays: on time, within 2 working days.
    desk.resolve(tasks["t1"], "2026-04-07 16:00")
    # t2: the day after its deadline: late, 3 working days.
    desk.resolve(tasks["t2"], "2026-04-08 10:00")
    # t3: after 9 working days: 3× late.
    desk.resolve(tasks["t3"], "2026-04-24 10:00")
    # t4: waited for the customer for 16 opening hours (Thu 10:00 to Wed 10:00): its clock stopped.
    desk.wait(tasks["t4"], "2026-04-02 10:00")
    desk.resume(tasks["t4"], "2026-04-08 10:00")
    desk.resolve(tasks["t4"], "2026-04-08 11:00")
    # t6 waits for the customer since Tuesday 09:00, before its deadline (Wednesday 17:00).
    desk.wait(tasks["t6"], "2026-04-07 09:00")
    desk.clock(NOW)
    return desk, tasks


def kpis(period=APRIL, **filters) -> dict[str, selectors.KpiResult]:
    results, _ = selectors.kpis_only(period, selectors.Filters(**filters))
    return {k.code: k for k in results}


def test_follow_up_facts_know_on_time_three_times_late_and_callback_working_days(april):
    _, tasks = april
    facts = {f.task_id: f for f in FollowupFact.objects.all()}

    def fact(name):
        return facts[tasks[name].pk]

    assert (fact("t1").on_time, fact("t1").callback_workdays) == (True, 2)
    assert (fact("t2").on_time, fact("t2").very_late, fact("t2").callback_workdays) == (False, False, 3)
    assert (fact("t3").very_late, fact("t3").callback_workdays) == (True, -1)  # not a callback
    assert (fact("t4").on_time, fact("t4").callback_workdays) == (True, 1)
    assert fact("t4").waited_seconds == 16 * 3600
    assert fact("t5").is_open and fact("t5").callback_workdays == -1


def test_follow_up_kpis_for_a_month_judge_open_ones_now(april):
    result = kpis()

    assert result["vervolgacties-aangemaakt"].value == 7
    # On time: t1 and t4, of the 4 resolved and the 2 open ones past their deadline (t5, t7; t6 is paused).
    assert result["vervolgacties-op-tijd"].value == pytest.approx(100 * 2 / 6)
    assert result["vervolgacties-op-tijd"].display == "33,3 %"
    assert result["vervolgacties-te-laat"].value == 2
    assert result["vervolgacties-3x-te-laat"].value == 1
    # Callbacks within 2 working days: t1 and t4, of t1, t2, t4 and the open t5 past 2 working days.
    assert result["terugbellen"].value == pytest.approx(50.0)
    assert result["terugbellen"].display == "<5"  # 4 callbacks: too few to show
    assert "voorkant.followups" in result["terugbellen"].source


def test_follow_up_kpis_follow_channel_team_and_product_filters(april, world):
    social = world.organisation["social_team"]

    by_team = kpis(team_id=social.id)
    assert by_team["vervolgacties-aangemaakt"].value == 3
    assert by_team["vervolgacties-te-laat"].value == 1  # t7; t6 waits for the customer
    assert kpis(channel_id=world.email.id)["vervolgacties-aangemaakt"].value == 1
    assert kpis(product_id=world.passport.id)["vervolgacties-aangemaakt"].value == 4
    assert kpis(domain_id=world.civil.id)["vervolgacties-aangemaakt"].value == 4


def test_an_open_follow_up_becomes_overdue_and_three_times_late_as_time_passes(april):
    desk, _ = april
    desk.clock("2026-04-01 17:00")
    assert kpis()["vervolgacties-te-laat"].value == 0
    desk.clock("2026-04-16 17:01")  # past t7's 3× moment (9 working days), t6 still paused
    later = kpis()
    assert later["vervolgacties-te-laat"].value == 2
    assert later["vervolgacties-3x-te-laat"].value == 1 + 1 + 1  # t3 resolved, t5 and t7 open


def test_a_changed_norm_threshold_applies_to_callbacks_at_once(april, world):
    from voorkant.dashboard.services import norm_update

    norm_update(code="terugbellen", target_percentage=100, amber_margin=10, threshold=3, user=None)

    # Within 3 working days: t1, t2 and t4; t5 (open) is not yet past 3 working days (Wednesday 8 April).
    assert kpis()["terugbellen"].value == pytest.approx(75.0)


def test_follow_up_incremental_equals_rebuild_after_changes_deletion_and_reopening(april):
    from voorkant.followups.models import InternalTask
    from voorkant.followups.services import followup_reopen

    desk, tasks = april
    desk.clock("2026-04-10 09:00")
    followup_reopen(by=desk.by, task=tasks["t2"], reason="Klant belde opnieuw")
    rollup_followups_sync(task_ids=[tasks["t2"].pk])
    deleted = tasks["t5"].pk
    InternalTask.objects.filter(pk=deleted).delete()
    rollup_followups_sync(task_ids=[deleted])
    assert not FollowupFact.objects.filter(task_id=deleted).exists()

    incremental = rollup_snapshot()
    rollups_rebuild()
    assert rollup_snapshot() == incremental
    rollups_rebuild(start=date(2026, 4, 1), end=date(2026, 4, 1))
    assert rollup_snapshot() == incremental


def test_retention_purge_keeps_follow_up_figures_and_rebuild_agrees(april, world):
    from voorkant.catalogue.models import Product
    from voorkant.privacy.retention import retention_run

    Product.objects.filter(pk=world.wmo.pk).update(retention_months=1)
    before = kpis()

    retention_run(now=datetime(2026, 12, 1, tzinfo=UTC))

    after = kpis()
    assert FollowupFact.objects.filter(purged=True).count() == 3
    assert after["vervolgacties-aangemaakt"].value == before["vervolgacties-aangemaakt"].value
    assert (before["vervolgacties-te-laat"].value, after["vervolgacties-te-laat"].value) == (2, 1)  # t7 gone
    assert after["vervolgacties-op-tijd"].value == pytest.approx(100 * 2 / 5)
    snapshot = rollup_snapshot()
    rollups_rebuild()
    assert rollup_snapshot() == snapshot


def test_follow_up_events_reach_the_rollup(world, django_capture_on_commit_callbacks):
    from voorkant.followups.services import Author, followup_create, followup_resolve
    from voorkant.jobs.worker import Worker

    question = world.register(world.question(when=at("2026-04-01 10:00"), product=world.passport))[0]
    by = Author(label="test", channel="ui")
    with django_capture_on_commit_callbacks(execute=True):
        task = followup_create(
            by=by, question=question, requested_action="Terugbellen", kind="terugbelverzoek",
            domain=world.civil,
        )  # fmt: skip
    Worker(exit_when_idle=True, handle_signals=False, run_schedules=False).run()
    assert FollowupFact.objects.get(task_id=task.pk).is_open

    with django_capture_on_commit_callbacks(execute=True):
        followup_resolve(by=by, task=task, result="Gebeld")
    Worker(exit_when_idle=True, handle_signals=False, run_schedules=False).run()
    fact = FollowupFact.objects.get(task_id=task.pk)
    assert not fact.is_open and fact.resolved_at is not None
