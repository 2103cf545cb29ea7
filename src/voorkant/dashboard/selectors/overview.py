"""The whole management dashboard for one period and set of filters, and the reference lists it names."""

from __future__ import annotations

from dataclasses import dataclass

from voorkant.catalogue.models import Product
from voorkant.contacts.models import Channel
from voorkant.dashboard.norms import Norm
from voorkant.dashboard.periods import Filters, Period
from voorkant.dashboard.selectors.charts import breakdown, heatmap, trend
from voorkant.dashboard.selectors.results import Gap, KpiResult, gaps_for, kpis_for, norms_in_force
from voorkant.dashboard.selectors.totals import Totals, segments
from voorkant.organisation.models import Domain, Team


@dataclass(frozen=True)
class Choices:
    channels: list[tuple[int, str]]
    domains: list[tuple[int, str]]
    products: list[tuple[int, str]]
    teams: list[tuple[int, str]]

    def names(self) -> dict[str, dict[int, str]]:
        return {
            "channel": dict(self.channels),
            "domain": dict(self.domains),
            "product": dict(self.products),
            "team": dict(self.teams),
        }


def filter_choices() -> Choices:
    """Reference lists for the filters and for naming segments (no people: teams, never employees)."""
    return Choices(
        channels=list(Channel.objects.order_by("order", "name").values_list("id", "name")),
        domains=list(Domain.objects.order_by("name").values_list("id", "name")),
        products=list(
            Product.objects.filter(is_active=True, owner_domain__isnull=False)
            .order_by("name")
            .values_list("id", "name")
        ),
        teams=list(Team.objects.order_by("name").values_list("id", "name")),
    )


@dataclass
class Dashboard:
    period: Period
    filters: Filters
    kpis: list[KpiResult]
    gaps: list[Gap]
    by_channel: list[dict]
    by_domain: list[dict]
    trend: list[dict]
    heatmap: dict
    norms: dict[str, Norm]


def dashboard_for(period: Period, filters: Filters, choices: Choices) -> Dashboard:
    norms = norms_in_force()
    seg = segments(period, filters)
    names = choices.names()
    results = kpis_for(period, filters, seg, norms)
    return Dashboard(
        period=period,
        filters=filters,
        kpis=results,
        gaps=gaps_for(results, seg, norms, names),
        by_channel=breakdown(seg.by_channel, names["channel"]),
        by_domain=breakdown(seg.by_domain, names["domain"]),
        trend=trend(period, filters),
        heatmap=heatmap(period, filters),
        norms=norms,
    )


def kpis_only(period: Period, filters: Filters) -> tuple[list[KpiResult], Totals]:
    """The KPI list alone (the JSON API): two queries."""
    norms = norms_in_force()
    seg = segments(period, filters)
    return kpis_for(period, filters, seg, norms), seg.total


def rollup_version() -> int:
    """The version of the rollups, raised by every change: the live today view's ETag."""
    from voorkant.dashboard.models import RollupState

    return RollupState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
