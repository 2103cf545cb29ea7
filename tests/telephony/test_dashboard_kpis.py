"""The dashboard's phone KPIs come from telephony once calls exist; until then they say "geen gegevens"."""

import datetime as dt

from tests.telephony.builders import abandoned_call, simple_call
from voorkant.dashboard.periods import Filters, Period
from voorkant.dashboard.selectors import kpis_only
from voorkant.privacy.models import Channel
from voorkant.telephony.services import telephony_events_ingest

DAY = dt.date(2026, 3, 2)


def _phone_kpis(filters=None):
    results, _ = kpis_only(Period(kind="aangepast", start=DAY, end=DAY), filters or Filters())
    return {r.code: r for r in results if r.code in ("telefoon-bereikbaarheid", "telefoon-verlaten")}


def test_phone_kpis_say_no_data_without_calls(db):
    kpis = _phone_kpis()
    assert not kpis["telefoon-bereikbaarheid"].available
    assert "Telefooncentrale" in kpis["telefoon-bereikbaarheid"].source


def test_phone_kpis_count_service_level_and_abandonment_from_calls(db):
    events = []
    # Eight answered within 15 s, one after 40 s, one abandoned after 30 s (a short abandon is left out).
    for n in range(8):
        events += simple_call(f"a{n}", start=n * 60, wait=5, talk=100)
    events += simple_call("late", start=600, wait=40, talk=100)
    events += abandoned_call("gone", start=700, wait=30)
    events += abandoned_call("oops", start=800, wait=2)
    telephony_events_ingest(raw_events=events, channel=Channel.API)
    kpis = _phone_kpis()
    assert kpis["telefoon-bereikbaarheid"].value == 80.0  # 8 of 10 (short abandon excluded)
    assert kpis["telefoon-verlaten"].value == 10.0  # 1 of 10
    assert _phone_kpis(Filters(domain_id=1))["telefoon-verlaten"].available is False
