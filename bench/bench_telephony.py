"""Telephony benchmarks on a throw-away test database (PostgreSQL when DATABASE_URL points at one).

  ingest     events/s through the ingest service and through the HTTP API, batches of 100, out of order
  bank       duration of the full Anonymous Bank import (needs BANK_DATA, a directory with the month files)
  intervals  interval metrics for one month of bank data, p50/p95 over many runs

Run: DATABASE_URL=postgres://... SECRET_KEY=x PROCESSING_LOG_KEY=y .venv/bin/python bench/bench_telephony.py
[part ...]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src"), str(Path(__file__).resolve().parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorkant.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from telephony_data import event_stream  # noqa: E402


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    high = ordered[-1] * 1000
    return f"p50 {p(0.5) * 1000:.1f} ms, p95 {p(0.95) * 1000:.1f} ms, max {high:.1f} ms (n={len(values)})"


def bench_ingest(calls: int = 14_000) -> None:
    from voorkant.telephony.services import telephony_events_ingest

    for label, seed in (("service", 1), ("HTTP API", 2)):
        events = event_stream(calls=calls, seed=seed)
        batches = [events[i : i + 100] for i in range(0, len(events), 100)]
        timings = []
        cpu_started = time.process_time()
        if label == "service":
            started = time.perf_counter()
            for batch in batches:
                t = time.perf_counter()
                telephony_events_ingest(raw_events=batch)
                timings.append(time.perf_counter() - t)
        else:
            from django.test import Client

            from voorkant.apitokens.services import api_token_create

            key = api_token_create(name="telefooncentrale", scopes=["telephony:write"]).key
            client = Client(HTTP_AUTHORIZATION=f"Token {key}")
            bodies = [json.dumps(b) for b in batches]
            started = time.perf_counter()
            for body in bodies:
                t = time.perf_counter()
                response = client.post("/api/v1/telephony/events", body, content_type="application/json")
                assert response.status_code == 200, response.content[:300]
                timings.append(time.perf_counter() - t)
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        print(
            f"ingest via {label}: {len(events)} events in {len(batches)} batches of 100: "
            f"{len(events) / total:,.0f} events/s; per batch {percentiles(timings)}; "
            f"client CPU {cpu * 1e6 / len(events):.0f} µs/event, load average {os.getloadavg()[0]:.1f}"
        )
    # A retried batch: everything known, nothing written.
    timings = []
    for batch in batches[:100]:
        t = time.perf_counter()
        telephony_events_ingest(raw_events=batch)
        timings.append(time.perf_counter() - t)
    print(f"ingest retry of known batches: per batch {percentiles(timings)}")


def bench_bank() -> None:
    from voorkant.telephony.importers.bank import bank_calls_import

    path = os.environ.get("BANK_DATA")
    if not path:
        print("bank: BANK_DATA not set, skipped")
        return
    started = time.perf_counter()
    report = bank_calls_import(path=path)
    print(
        f"bank import: {report.imported} calls from {report.rows} rows "
        f"in {time.perf_counter() - started:.1f} s"
    )


def bench_intervals(runs: int = 40) -> None:
    from django.utils import timezone

    from voorkant.telephony.models import Call
    from voorkant.telephony.selectors import interval_metrics

    if not Call.objects.exists():
        print("intervals: no calls (run the bank part first), skipped")
        return
    tz = timezone.get_default_timezone()
    start, end = dt.datetime(1999, 3, 1, tzinfo=tz), dt.datetime(1999, 4, 1, tzinfo=tz)
    interval_metrics(start=start, end=end)
    timings = []
    for _ in range(runs):
        t = time.perf_counter()
        report = interval_metrics(start=start, end=end)
        timings.append(time.perf_counter() - t)
    print(
        f"interval metrics, March 1999 ({report.totals.offered} calls, {len(report.rows)} interval rows): "
        f"{percentiles(timings)}"
    )


def main() -> None:
    parts = sys.argv[1:] or ["ingest", "bank", "intervals"]
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        for part in parts:
            {"ingest": bench_ingest, "bank": bench_bank, "intervals": bench_intervals}[part]()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
