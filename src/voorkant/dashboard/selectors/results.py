"""KPI results against their norms, and "where do we lose customers": the largest gaps against norm."""

from __future__ import annotations

from dataclasses import dataclass

from voorkant.dashboard import kpis as kpi_registry
from voorkant.dashboard.display import format_value, is_shown
from voorkant.dashboard.models import ServiceNorm
from voorkant.dashboard.norms import DEFAULT_NORMS, Norm
from voorkant.dashboard.periods import Filters, Period
from voorkant.dashboard.selectors.totals import Segments


@dataclass(frozen=True)
class KpiResult:
    code: str
    label: str
    unit: str
    source: str
    explanation: str
    available: bool
    value: float | None
    denominator: int | None
    display: str
    norm: Norm | None
    status: str  # groen, oranje, rood, onbekend, geen-norm

    @property
    def shown(self) -> bool:
        return self.available and is_shown(unit=self.unit, value=self.value, denominator=self.denominator)


@dataclass(frozen=True)
class Gap:
    label: str
    segment: str
    display: str
    norm: Norm
    status: str
    shortfall: float


def norms_in_force() -> dict[str, Norm]:
    overrides = {n.code: n for n in ServiceNorm.objects.all()}
    result = {}
    for default in DEFAULT_NORMS:
        own = overrides.get(default.code)
        result[default.code] = Norm(
            code=default.code,
            label=default.label,
            target_percentage=own.target_percentage if own else default.target_percentage,
            direction=default.direction,
            threshold=(own.threshold if own and own.threshold is not None else default.threshold),
            threshold_unit=default.threshold_unit,
            amber_margin=own.amber_margin if own else default.amber_margin,
            source=default.source,
            is_default=own is None,
        )
    return result


def kpi_result(
    definition, value: kpi_registry.KpiValue | None, norms: dict[str, Norm], *, suppress: bool = True
) -> KpiResult:
    """A KPI value with its norm and colour. Colour needs at least 5 items, whether or not the figure is
    suppressed (an employee's own figures are not)."""
    norm = norms.get(definition.norm_code) if definition.norm_code else None
    available = value is not None
    number = value.value if value else None
    denominator = value.denominator if value else None
    shown = available and is_shown(unit=definition.unit, value=number, denominator=denominator)
    status = "geen-norm" if norm is None else (norm.status(number) if shown else "onbekend")
    return KpiResult(
        code=definition.code,
        label=definition.label,
        unit=definition.unit,
        source=definition.source,
        explanation=definition.explanation,
        available=available,
        value=number,
        denominator=denominator,
        display=format_value(
            unit=definition.unit,
            value=number,
            denominator=denominator,
            available=available,
            suppress=suppress,
        ),
        norm=norm,
        status=status,
    )


def kpis_for(period: Period, filters: Filters, seg: Segments, norms: dict[str, Norm]) -> list[KpiResult]:
    context = kpi_registry.KpiContext(period=period, filters=filters, totals=seg.total, norms=norms)
    return [kpi_result(d, d.provider(context), norms) for d in kpi_registry.definitions()]


def gaps_for(
    results: list[KpiResult], seg: Segments, norms: dict[str, Norm], names: dict[str, dict[int, str]]
) -> list[Gap]:
    """'Where do we lose customers': each KPI with a norm, overall and per channel and domain, that misses it,
    largest shortfall first. Slices under the suppression threshold are left out."""
    gaps: list[Gap] = []
    for result in results:
        if result.norm is None or not result.shown:
            continue
        slices: list[tuple[str, kpi_registry.KpiValue | None]] = [
            ("Totaal", kpi_registry.KpiValue(result.value, None, result.denominator))
        ]
        definition = kpi_registry.definition(result.code)
        if definition.from_totals:
            for channel_id, totals in seg.by_channel.items():
                label = "Kanaal " + names["channel"].get(channel_id, "onbekend")
                slices.append((label, kpi_registry.segment_value(result.code, totals, norms)))
            for domain_id, totals in seg.by_domain.items():
                label = "Domein " + names["domain"].get(domain_id, "onbekend")
                slices.append((label, kpi_registry.segment_value(result.code, totals, norms)))
        for label, value in slices:
            if value is None or not is_shown(
                unit=result.unit, value=value.value, denominator=value.denominator
            ):
                continue
            status = result.norm.status(value.value)
            if status == "groen":
                continue
            gaps.append(
                Gap(
                    label=result.label,
                    segment=label,
                    display=format_value(unit=result.unit, value=value.value, denominator=value.denominator),
                    norm=result.norm,
                    status=status,
                    shortfall=result.norm.shortfall(value.value),
                )
            )
    gaps.sort(key=lambda gap: -gap.shortfall)
    return gaps[:8]
