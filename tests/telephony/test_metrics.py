"""Interval metrics: service level with and without short abandons, occupancy from agent events, wall board."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.telephony.builders import BASE, abandoned_call, event, simple_call
from voorkant.telephony.selectors import interval_metrics, wallboard
from voorkant.telephony.services import telephony_events_ingest

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def ingest(events):
    telephony_events_ingest(raw_events=events)


@pytest.fixture
def mixed_quarter():
    """One quarter-hour: 6 answered (4 within 15 s), 2 abandoned after 40 s, 2 short abandons (3 s)."""
    events = []
    for i, wait in enumerate([5, 10, 15, 14, 30, 60]):
        events += simple_call(f"a{i}", start=i * 60, wait=wait, talk=100)
    events += abandoned_call("long1", start=400, wait=40) + abandoned_call("long2", start=410, wait=40)
    events += abandoned_call("short1", start=420, wait=3) + abandoned_call("short2", start=430, wait=3)
    ingest(events)


def test_service_level_leaves_short_abandons_out_by_default(mixed_quarter):
    totals = interval_metrics(start=BASE, end=BASE + HOUR, with_agents=False).totals
    assert (totals.offered, totals.answered, totals.abandoned, totals.short_abandoned) == (10, 6, 2, 2)
    assert totals.service_level == pytest.approx(4 / 8)
    assert totals.abandon_rate == pytest.approx(2 / 8)


def test_service_level_counts_short_abandons_when_asked(mixed_quarter):
    totals = interval_metrics(start=BASE, end=BASE + HOUR, count_short_abandons=True, with_agents=False).totals
    assert totals.service_level == pytest.approx(4 / 10)


def test_service_level_threshold_and_short_abandon_threshold_are_parameters(mixed_quarter):
    totals = interval_metrics(
        start=BASE, end=BASE + HOUR, service_level_seconds=30, short_abandon_seconds=2, with_agents=False
    ).totals
    assert (totals.short_abandoned, totals.abandoned) == (0, 4)
    assert totals.service_level == pytest.approx(5 / 10)


def test_asa_aht_and_talk_come_from_the_call_summaries(mixed_quarter):
    totals = interval_metrics(start=BASE, end=BASE + HOUR, with_agents=False).totals
    assert totals.asa == pytest.approx((5 + 10 + 15 + 14 + 30 + 60) / 6)
    assert totals.aht == pytest.approx(100)


def test_calls_are_grouped_per_quarter_and_queue():
    ingest(
        simple_call("x", start=0, wait=1, talk=1, queue="algemeen")
        + simple_call("y", start=60, wait=1, talk=1, queue="wmo")
        + simple_call("z", start=15 * 60, wait=1, talk=1, queue="algemeen")
    )
    report = interval_metrics(start=BASE, end=BASE + HOUR, with_agents=False)
    assert [(r.interval_start - BASE, r.queue, r.metrics.offered) for r in report.rows] == [
        (dt.timedelta(0), "algemeen", 1),
        (dt.timedelta(0), "wmo", 1),
        (dt.timedelta(minutes=15), "algemeen", 1),
    ]
    only_wmo = interval_metrics(start=BASE, end=BASE + HOUR, queue="wmo", with_agents=False)
    assert only_wmo.totals.offered == 1


def test_transfers_total_wait_right_person_and_repeats_per_interval():
    ingest(
        [
            event("queued", 0, call="t", queue="algemeen", caller="0612345678"),
            event("answered", 20, call="t", agent="kcc"),
            event("transferred", 80, call="t", agent="kcc", target="wmo"),
            event("answered", 140, call="t", agent="wmo1"),
            event("completed", 200, call="t"),
        ]
        + simple_call("again", start=300, wait=10, talk=10, caller="0612345678")
    )
    totals = interval_metrics(start=BASE, end=BASE + HOUR, with_agents=False).totals
    assert totals.transfers_per_call == pytest.approx(1 / 2)
    assert totals.mean_total_wait == pytest.approx((20 + 60 + 10) / 2)
    assert totals.mean_right_person == pytest.approx((140 + 10) / 2)
    assert totals.repeats == 1


def test_occupancy_and_agents_available_come_from_agent_events():
    # Two agents staffed the whole first quarter; one pauses 5 minutes; one does 60 s of wrap-up.
    ingest(
        [
            event("logged_in", -60, agent="kcc"),
            event("logged_in", -60, agent="wmo1"),
            event("paused", 300, agent="wmo1"),
            event("unpaused", 600, agent="wmo1"),
            event("wrap_up", 200, agent="kcc"),
            event("unpaused", 260, agent="kcc"),
            event("logged_out", 900, agent="kcc"),
            event("logged_out", 900, agent="wmo1"),
        ]
        + simple_call("c", start=0, wait=20, talk=180, agent="kcc")
    )
    report = interval_metrics(start=BASE, end=BASE + dt.timedelta(minutes=15))
    totals = report.totals
    assert totals.agent.staffed_seconds == pytest.approx(900 + 600)
    assert totals.agent.paused_seconds == pytest.approx(300)
    assert totals.agent.wrap_up_seconds == pytest.approx(60)
    assert totals.occupancy == pytest.approx((180 + 60) / 1500)
    assert totals.agents_available() == pytest.approx(1500 / 900)
    assert totals.aht == pytest.approx(180 + 60)


def test_the_wall_board_shows_the_queue_now_and_the_service_level_today():
    now = BASE + dt.timedelta(minutes=10)
    ingest(
        [event("logged_in", -600, agent="kcc"), event("logged_in", -600, agent="wmo1"), event("paused", 0, agent="wmo1")]
        + simple_call("done", start=0, wait=5, talk=60)
        + abandoned_call("gone", start=30, wait=50)
        + [event("queued", 480, call="w1", queue="algemeen"), event("queued", 540, call="w2", queue="algemeen")]
        + [event("queued", 100, call="talk", queue="algemeen"), event("answered", 110, call="talk", agent="kcc")]
    )
    board = wallboard(now=now)
    assert board.waiting_now == 2
    assert board.longest_wait_seconds == pytest.approx(120)
    assert board.talking_now == 1
    assert board.today.service_level == pytest.approx(2 / 3)  # done and talk within 15 s, gone abandoned
    assert (board.agents.logged_in, board.agents.paused) == (2, 1)
    assert board.available_now == 0  # the one staffed agent is in a call
