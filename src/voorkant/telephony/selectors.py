"""Reads for telephony: interval metrics per 15 minutes and queue, period totals, the wall board.

Definitions (docs/telephony.md):
- offered: calls that entered a queue in the interval (counted in the interval and queue they entered first).
- short abandon: hung up before an answer within `short_abandon_seconds`; counted apart.
- service level: answered within T seconds / (answered + abandoned); short abandons are left out of the
  denominator unless `count_short_abandons` is set. Calls still waiting or talking are not yet in it.
- ASA: mean first wait of answered calls. AHT: (talk + wrap-up) / answered, talk counted in the interval the
  call entered. Occupancy: (talk + wrap-up) / staffed agent time. Agents available: staffed time / 900 s.

Everything is one aggregate query over the per-call summaries (index on interval_start, queue) plus one query
over agent events, so a month costs the same number of queries as an hour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from voorkant.telephony.agents import AgentsNow, AgentTime, agent_time_per_interval, agents_now
from voorkant.telephony.models import Call, CallStatus
from voorkant.telephony.storage import fetch_all

INTERVAL_SECONDS = 900


# The counts and sums of Metrics, in the order of its fields (and of the aggregate query's columns).
METRIC_COUNTS = [
    "offered",
    "answered",
    "abandoned",
    "short_abandoned",
    "answered_within",
    "open_calls",
    "wait_answered",
    "talk",
    "transfers",
    "total_wait",
    "right_person",
    "right_person_count",
    "repeats",
]


@dataclass
class Metrics:
    """Counts and sums for one interval (and queue) or a whole period; ratios are derived properties."""

    offered: int = 0
    answered: int = 0
    abandoned: int = 0
    short_abandoned: int = 0
    answered_within: int = 0
    open_calls: int = 0
    wait_answered: float = 0.0
    talk: float = 0.0
    transfers: int = 0
    total_wait: float = 0.0
    right_person: float = 0.0
    right_person_count: int = 0
    repeats: int = 0
    count_short_abandons: bool = False
    agent: AgentTime = field(default_factory=AgentTime)

    def add(self, other: Metrics) -> None:
        for name in METRIC_COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def service_level(self) -> float | None:
        denominator = (
            self.answered + self.abandoned + (self.short_abandoned if self.count_short_abandons else 0)
        )
        return self.answered_within / denominator if denominator else None

    @property
    def abandon_rate(self) -> float | None:
        denominator = self.answered + self.abandoned
        return self.abandoned / denominator if denominator else None

    @property
    def asa(self) -> float | None:
        return self.wait_answered / self.answered if self.answered else None

    @property
    def aht(self) -> float | None:
        return (self.talk + self.agent.wrap_up_seconds) / self.answered if self.answered else None

    @property
    def transfers_per_call(self) -> float | None:
        return self.transfers / self.answered if self.answered else None

    @property
    def mean_total_wait(self) -> float | None:
        return self.total_wait / self.offered if self.offered else None

    @property
    def mean_right_person(self) -> float | None:
        return self.right_person / self.right_person_count if self.right_person_count else None

    @property
    def repeat_rate(self) -> float | None:
        return self.repeats / self.offered if self.offered else None

    @property
    def occupancy(self) -> float | None:
        staffed = self.agent.staffed_seconds
        return (self.talk + self.agent.wrap_up_seconds) / staffed if staffed else None

    def agents_available(self, intervals: int = 1) -> float | None:
        staffed = self.agent.staffed_seconds
        return staffed / (INTERVAL_SECONDS * intervals) if staffed else None


@dataclass
class IntervalRow:
    interval_start: dt.datetime
    queue: str
    metrics: Metrics


@dataclass
class IntervalReport:
    rows: list[IntervalRow]
    totals: Metrics
    intervals: int
    service_level_seconds: int
    short_abandon_seconds: int
    count_short_abandons: bool


def interval_metrics(
    *,
    start: dt.datetime,
    end: dt.datetime,
    queue: str | None = None,
    service_level_seconds: int | None = None,
    short_abandon_seconds: int | None = None,
    count_short_abandons: bool = False,
    with_agents: bool = True,
) -> IntervalReport:
    """Metrics per 15-minute interval and queue for [start, end), with totals for the period (two queries)."""
    threshold = (
        settings.TELEPHONY_SERVICE_LEVEL_SECONDS if service_level_seconds is None else service_level_seconds
    )
    short = (
        settings.TELEPHONY_SHORT_ABANDON_SECONDS if short_abandon_seconds is None else short_abandon_seconds
    )
    calls = Call.objects.filter(interval_start__gte=start, interval_start__lt=end)
    if queue:
        calls = calls.filter(queue=queue)
    grouped = (
        calls.values("interval_start", "queue")
        .annotate(
            m_offered=Count("id"),
            m_answered=Count("id", filter=Q(answered=True)),
            m_abandoned=Count("id", filter=Q(abandoned=True, wait_seconds__gte=short)),
            m_short_abandoned=Count("id", filter=Q(abandoned=True, wait_seconds__lt=short)),
            m_answered_within=Count("id", filter=Q(answered=True, wait_seconds__lte=threshold)),
            m_open_calls=Count("id", filter=Q(status__in=[CallStatus.WAITING, CallStatus.TALKING])),
            m_wait_answered=Sum("wait_seconds", filter=Q(answered=True)),
            m_talk=Sum("talk_seconds"),
            m_transfers=Sum("transfer_count"),
            m_total_wait=Sum("total_wait_seconds"),
            m_right_person=Sum("right_person_seconds"),
            m_right_person_count=Count("right_person_seconds"),
            m_repeats=Count("id", filter=Q(is_repeat=True)),
        )
        .order_by("interval_start", "queue")
    )
    agent_time = agent_time_per_interval(start=start, end=end) if with_agents else {}
    # A month holds thousands of interval rows: read them as plain tuples in binary form (timestamps decoded
    # in C, see storage.fetch_all), build each row's Metrics positionally (the annotations above follow
    # METRIC_COUNTS) and sum the totals column-wise.
    sql, params = grouped.query.sql_with_params()
    fetched = fetch_all(sql, params)
    names = [k[2:] for k in grouped.query.annotation_select]
    utc = dt.UTC
    rows: list[IntervalRow] = []
    for moment, queue_name, *values in fetched:
        if isinstance(moment, str):  # SQLite returns text
            moment = dt.datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=utc)
        metrics = Metrics(*[v or 0 for v in values], count_short_abandons=count_short_abandons)
        rows.append(IntervalRow(moment, queue_name, metrics))
    sums = [sum(v or 0 for v in column) for column in zip(*(r[2:] for r in fetched), strict=True)] or [
        0
    ] * len(names)
    totals = Metrics(**dict(zip(names, sums, strict=True)), count_short_abandons=count_short_abandons)
    if not queue:
        for bucket in agent_time.values():
            totals.agent.staffed_seconds += bucket.staffed_seconds
            totals.agent.paused_seconds += bucket.paused_seconds
            totals.agent.wrap_up_seconds += bucket.wrap_up_seconds
        # Agent time belongs to the interval, not to a queue: it is shown on the interval's first row.
        seen: set[dt.datetime] = set()
        for row in rows:
            if row.interval_start not in seen and row.interval_start in agent_time:
                row.metrics.agent = agent_time[row.interval_start]
                seen.add(row.interval_start)
    intervals = max(1, int((end - start).total_seconds() // INTERVAL_SECONDS))
    return IntervalReport(rows, totals, intervals, threshold, short, count_short_abandons)


@dataclass(frozen=True)
class WallBoard:
    waiting_now: int
    longest_wait_seconds: float | None
    talking_now: int
    today: Metrics
    agents: AgentsNow
    available_now: int
    as_of: dt.datetime


def wallboard(*, now: dt.datetime | None = None) -> WallBoard:
    """What a team leader sees on the wall: the queue now and today's service level (four queries)."""
    now = now or timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    since = now - dt.timedelta(hours=12)
    # interval_start <= entered_at < interval_start + 15 min: the extra bounds change no result and let the
    # query use the (interval_start, queue) index.
    recent = Call.objects.filter(
        entered_at__gte=since,
        entered_at__lte=now,
        interval_start__gt=since - dt.timedelta(minutes=15),
        interval_start__lte=now,
    )
    live = recent.aggregate(
        waiting=Count("id", filter=Q(status=CallStatus.WAITING)),
        talking=Count("id", filter=Q(status=CallStatus.TALKING)),
        oldest=Min("waiting_since", filter=Q(status=CallStatus.WAITING)),
    )
    today = interval_metrics(start=midnight, end=now + dt.timedelta(seconds=1), with_agents=False).totals
    agents = agents_now(now=now)
    longest = (now - live["oldest"]).total_seconds() if live["oldest"] else None
    available = max(0, agents.staffed - agents.wrap_up - live["talking"])
    return WallBoard(
        waiting_now=live["waiting"],
        longest_wait_seconds=longest,
        talking_now=live["talking"],
        today=today,
        agents=agents,
        available_now=available,
        as_of=now,
    )


def queues_known() -> list[str]:
    return list(Call.objects.order_by("queue").values_list("queue", flat=True).distinct())
