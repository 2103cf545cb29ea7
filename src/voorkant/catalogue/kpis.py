"""The dashboard's "open protocol signals" KPI, from the catalogue's own signal table.

A signal is a state ("open now"), not an event in a period, and there are few of them (tens to hundreds), so
the figure is counted at read time from the signals themselves rather than rolled up. Signals belong to a
product (and so a domain), never to a channel or team: with those filters the KPI says "geen gegevens".
"""

from __future__ import annotations

SOURCE = "Signalen bij registratieprotocollen (voorkant.catalogue)"


def open_signals(context):
    from voorkant.catalogue.models import ProtocolSignal, SignalStatus
    from voorkant.dashboard.kpis import KpiValue

    filters = context.filters
    if getattr(filters, "channel_id", None) or getattr(filters, "team_id", None):
        return None
    signals = ProtocolSignal.objects.filter(status=SignalStatus.OPEN)
    if getattr(filters, "product_id", None):
        signals = signals.filter(product_id=filters.product_id)
    if getattr(filters, "domain_id", None):
        signals = signals.filter(product__owner_domain_id=filters.domain_id)
    count = signals.count()
    return KpiValue(value=float(count), numerator=count, denominator=None)


def register() -> None:
    from voorkant.dashboard.kpis import provider_replace

    provider_replace("protocolsignalen", provider=open_signals, source=SOURCE)
