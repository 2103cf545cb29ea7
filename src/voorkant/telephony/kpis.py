"""The dashboard's phone KPIs, from the telephony app's per-call summaries (one definition: interval_metrics).

Telephony knows queues, not domains or products: with such a filter the KPI says "geen gegevens" rather than
a figure that would not match the filter.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from voorkant.telephony.selectors import interval_metrics

SOURCE = "Telefooncentrale (gesprekken per kwartier, voorkant.telephony)"


def _period_metrics(context):
    filters = context.filters
    if any(getattr(filters, name, None) for name in ("domain_id", "product_id", "team_id")):
        return None
    if getattr(filters, "channel_id", None):
        from voorkant.contacts.models import Channel

        if not Channel.objects.filter(pk=filters.channel_id, code="telefoon").exists():
            return None
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(context.period.start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(context.period.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    totals = interval_metrics(start=start, end=end, with_agents=False).totals
    return totals if totals.offered else None


def service_level(context):
    from voorkant.dashboard.kpis import KpiValue

    totals = _period_metrics(context)
    if totals is None or totals.service_level is None:
        return None
    denominator = totals.answered + totals.abandoned
    return KpiValue(
        value=100.0 * totals.service_level, numerator=totals.answered_within, denominator=denominator
    )


def abandonment(context):
    from voorkant.dashboard.kpis import KpiValue

    totals = _period_metrics(context)
    if totals is None or totals.abandon_rate is None:
        return None
    return KpiValue(
        value=100.0 * totals.abandon_rate,
        numerator=totals.abandoned,
        denominator=totals.answered + totals.abandoned,
    )


def register() -> None:
    from voorkant.dashboard.kpis import provider_replace

    provider_replace("telefoon-bereikbaarheid", provider=service_level, source=SOURCE)
    provider_replace("telefoon-verlaten", provider=abandonment, source=SOURCE)
