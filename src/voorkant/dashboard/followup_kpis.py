"""The follow-up KPIs (created, on time, overdue, 3× late, callbacks on time), registered when the follow-ups
app is installed. They read the dashboard's own follow-up facts and rollup (kept by domain events), never the
follow-up table; all of them share one read per request (``KpiContext.cache``).

Filters: channel and product are those of the question that raised the follow-up; domain and team are where
it was routed (the handling back office), not the agent's team as for the question KPIs.
"""

from __future__ import annotations

from django.utils import timezone

from voorkant.dashboard.kpis import KpiContext, KpiDefinition, KpiValue, provider_replace, register

SOURCE = "Vervolgacties (interne taken) met hun termijnen, voorkant.followups"


def _totals(context: KpiContext):
    from voorkant.dashboard.selectors.followups import followup_totals

    if "followups" not in context.cache:
        norm = context.norms.get("terugbellen")
        context.cache["followups"] = followup_totals(
            period=context.period,
            filters=context.filters,
            now=timezone.now(),
            callback_limit=(norm.threshold if norm and norm.threshold else 2),
        )
    return context.cache["followups"]


def _count(value: int) -> KpiValue:
    return KpiValue(value=float(value), numerator=value, denominator=None)


def _rate(numerator: int, denominator: int) -> KpiValue | None:
    # Nothing to judge yet: "geen gegevens", as the telephony KPIs say for a period without calls.
    if not denominator:
        return None
    return KpiValue(value=100.0 * numerator / denominator, numerator=numerator, denominator=denominator)


def created(context: KpiContext) -> KpiValue:
    return _count(_totals(context).created)


def on_time(context: KpiContext) -> KpiValue | None:
    """Resolved by the deadline / follow-ups whose deadline is settled (resolved, or open and overdue)."""
    totals = _totals(context)
    return _rate(totals.resolved_on_time, totals.resolved + totals.open_overdue)


def overdue(context: KpiContext) -> KpiValue:
    return _count(_totals(context).open_overdue)


def very_late(context: KpiContext) -> KpiValue:
    totals = _totals(context)
    return _count(totals.resolved_very_late + totals.open_very_late)


def callbacks_on_time(context: KpiContext) -> KpiValue | None:
    limit = context.norms["terugbellen"].threshold or 2
    return _rate(*_totals(context).callbacks_within(limit))


DEFINITIONS = (
    KpiDefinition(
        code="vervolgacties-aangemaakt",
        label="Vervolgacties aangemaakt",
        unit="aantal",
        source=SOURCE,
        provider=created,
        explanation="Terugbelverzoeken en taken die in de periode zijn aangemaakt.",
    ),
    KpiDefinition(
        code="vervolgacties-op-tijd",
        label="Vervolgacties op tijd afgehandeld",
        unit="%",
        source=SOURCE,
        provider=on_time,
        explanation="Afgehandeld binnen de termijn van het product (de klok stopt zolang de taak wacht op "
        "de klant), van de vervolgacties die zijn afgehandeld of al over de termijn zijn.",
    ),
    KpiDefinition(
        code="vervolgacties-te-laat",
        label="Openstaande vervolgacties over de termijn",
        unit="aantal",
        source=SOURCE,
        provider=overdue,
        explanation="Nu nog open en over de termijn; bepaald op het moment van kijken.",
    ),
    KpiDefinition(
        code="vervolgacties-3x-te-laat",
        label="Vervolgacties 3× over de termijn",
        unit="aantal",
        source=SOURCE,
        provider=very_late,
        explanation="Afgehandeld na drie keer de termijn, of nu nog open en al zo laat.",
    ),
)


def register_followup_kpis() -> None:
    for definition in DEFINITIONS:
        register(definition)
    provider_replace("terugbellen", provider=callbacks_on_time, source=SOURCE)
