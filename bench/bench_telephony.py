"""Telephony benchmarks (issue 9), on a scratch PostgreSQL database next to the bench database.

  service    events/s through the ingest service in this process, batches of 100, out of order
  http       events/s through POST /api/v1/telephony/events on the production server (harness.Server:
             gunicorn, 2 workers x 2 threads) with a telephony:write token, batches of 100, with 1, 2 and 4
             concurrent senders (a PBX connector may post in parallel); p50/p95 per batch and CPU per event
             of the client, the gunicorn workers and the PostgreSQL backends (from /proc)
  bank       duration of the full Anonymous Bank import (BANK_DATA, default
             ../shared/data/callcenter-anonymous-bank beside the repository)
  intervals  interval metrics for one month of bank data (March 1999), percentiles over many runs

The bench database itself is not written to: everything runs in `<bench database>_telephony`, created afresh
and dropped at the end. The bank import runs first, so ingest writes into tables that already hold 274,000
calls rather than into empty ones.

Run: .venv/bin/python bench/bench_telephony.py [part ...]   (BENCH_DATABASE_URL as in harness.py)
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

import dj_database_url

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "src"), str(Path(__file__).resolve().parent)]

from harness import BENCH_URL, ROOT, Server, pg_connect, process_cpu_seconds, report, server_env, summarise  # noqa: E402

SCRATCH_NAME = dj_database_url.parse(BENCH_URL)["NAME"] + "_telephony"
SCRATCH_URL = BENCH_URL.rsplit("/", 1)[0] + "/" + SCRATCH_NAME
BANK_DATA = os.environ.get("BANK_DATA", str(ROOT.parent / "shared" / "data" / "callcenter-anonymous-bank"))
CALLS = int(os.environ.get("TELEPHONY_BENCH_CALLS", "14000"))  # about 45,000 events per measurement
SENDERS = (1, 2, 4)

os.environ.update({k: v for k, v in server_env(SCRATCH_URL).items() if k not in ("PYTHONPATH",)})

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from telephony_data import event_stream  # noqa: E402

rows: list[dict] = []
extra: dict = {}


def backend_pids(conn) -> list[int]:
    """The PostgreSQL server processes serving the scratch database (PostgreSQL runs on this machine), but
    the one of `conn`, which asks."""
    found = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [SCRATCH_NAME]
    ).fetchall()
    return [pid for (pid,) in found]


class BackendCpu:
    """CPU used by the database's server processes while it runs, sampled every 0.2 s.

    The workers' connections come and go (DATABASE_CONN_MAX_AGE), and a process that has exited can no longer
    be read: each one counts from its first sample (zero for one that started during the run) to its last.
    """

    def __init__(self) -> None:
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.running = True
        self.conn = pg_connect(SCRATCH_URL)
        for pid in backend_pids(self.conn):
            self.first[pid] = self.last[pid] = process_cpu_seconds([pid])
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            for pid in backend_pids(self.conn):
                used = process_cpu_seconds([pid])
                if used:
                    self.first.setdefault(pid, 0.0)
                    self.last[pid] = used
            time.sleep(0.2)

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        self.conn.close()
        for pid in self.last:
            self.last[pid] = process_cpu_seconds([pid]) or self.last[pid]
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def batches_of(seed: int) -> list[list[dict]]:
    events = event_stream(calls=CALLS, seed=seed)
    return [events[i : i + 100] for i in range(0, len(events), 100)]


def bench_service() -> None:
    from voorkant.telephony.services import telephony_events_ingest

    batches = batches_of(seed=1)
    count = sum(len(b) for b in batches)
    timings = []
    telephony_events_ingest(raw_events=batches[0])  # opens the connection
    backends = [connection.connection.info.backend_pid]
    cpu, db_cpu, started = time.process_time(), process_cpu_seconds(backends), time.perf_counter()
    for batch in batches[1:]:
        t = time.perf_counter()
        telephony_events_ingest(raw_events=batch)
        timings.append((time.perf_counter() - t) * 1000)
    wall = time.perf_counter() - started
    count -= len(batches[0])
    cpu, db_cpu = time.process_time() - cpu, process_cpu_seconds(backends) - db_cpu
    rows.append(
        {
            "label": "ingest via service (in process)",
            **summarise(timings),
            "events_per_second": round(count / wall),
            "cpu_us_per_event": {
                "python": round(cpu * 1e6 / count),
                "postgresql": round(db_cpu * 1e6 / count),
                "total": round((cpu + db_cpu) * 1e6 / count),
            },
            "load_average": os.getloadavg()[0],
        }
    )
    timings = []
    for batch in batches[1:101]:
        t = time.perf_counter()
        telephony_events_ingest(raw_events=batch)
        timings.append((time.perf_counter() - t) * 1000)
    rows.append({"label": "retry of known batches (service)", **summarise(timings)})


def post_batches(port: int, key: str, bodies: list[bytes], timings: list[float], failures: list[str]) -> None:
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}
    for body in bodies:
        t = time.perf_counter()
        conn.request("POST", "/api/v1/telephony/events", body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        timings.append((time.perf_counter() - t) * 1000)
        if response.status != 200:
            failures.append(f"{response.status}: {content[:200]!r}")
    conn.close()


def bench_http() -> None:
    from voorkant.apitokens.services import api_token_create
    from voorkant.telephony.models import TelephonyEvent

    key = api_token_create(name="telefooncentrale", scopes=["telephony:write"]).key
    connection.close()
    with Server(database_url=SCRATCH_URL) as server:
        # Warm both workers (imports, connections) with a stream of their own.
        warm = [json.dumps(b).encode() for b in batches_of(seed=90)[:40]]
        post_batches(server.port, key, warm, [], [])
        for senders in SENDERS:
            batches = batches_of(seed=10 + senders)
            count = sum(len(b) for b in batches)
            bodies = [json.dumps(b).encode() for b in batches]
            # Round-robin, so concurrent batches carry events of the same calls (recomputed under one lock).
            shares = [bodies[i::senders] for i in range(senders)]
            timings: list[list[float]] = [[] for _ in range(senders)]
            failures: list[str] = []
            workers, backends = server.worker_pids(), BackendCpu()
            before = (time.process_time(), process_cpu_seconds(workers))
            started = time.perf_counter()
            threads = [
                threading.Thread(target=post_batches, args=(server.port, key, share, timing, failures))
                for share, timing in zip(shares, timings, strict=True)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - started
            client = time.process_time() - before[0]
            web = process_cpu_seconds(workers) - before[1]
            db = backends.stop()
            if failures:
                raise SystemExit(f"{len(failures)} batches failed, first: {failures[0]}")
            ids = [e["id"] for b in batches for e in b]
            stored = TelephonyEvent.objects.filter(event_id__in=ids).count()
            connection.close()
            if stored != len(set(ids)):
                raise SystemExit(f"{stored} of {len(set(ids))} events stored")
            rows.append(
                {
                    "label": f"ingest via HTTP, {senders} sender(s)",
                    **summarise([t for timing in timings for t in timing]),
                    "events": count,
                    "events_per_second": round(count / wall),
                    "cpu_us_per_event": {
                        "client": round(client * 1e6 / count),
                        "gunicorn_workers": round(web * 1e6 / count),
                        "postgresql": round(db * 1e6 / count),
                        "server_total": round((web + db) * 1e6 / count),
                    },
                    "load_average": os.getloadavg()[0],
                }
            )
        extra["worker_memory"] = server.worker_memory_mb()


def bench_bank() -> None:
    from voorkant.telephony.importers.bank import bank_calls_import

    if not Path(BANK_DATA).exists():
        rows.append(
            {"label": "bank import", "note": f"overgeslagen: geen gegevens in BANK_DATA ({BANK_DATA})"}
        )
        return
    started, cpu = time.perf_counter(), time.process_time()
    result = bank_calls_import(path=BANK_DATA)
    rows.append(
        {
            "label": "bank import",
            "note": f"{result.imported} calls from {result.rows} rows in "
            f"{time.perf_counter() - started:.1f} s (Python CPU {time.process_time() - cpu:.1f} s), "
            f"load average {os.getloadavg()[0]:.1f}",
        }
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_intervals(runs: int = 60) -> None:
    import datetime as dt

    from django.utils import timezone

    from voorkant.telephony.models import Call
    from voorkant.telephony.selectors import interval_metrics

    if not Call.objects.filter(source="bank").exists():
        rows.append({"label": "interval metrics", "note": "overgeslagen: geen bank-gegevens"})
        return
    tz = timezone.get_default_timezone()
    start, end = dt.datetime(1999, 3, 1, tzinfo=tz), dt.datetime(1999, 4, 1, tzinfo=tz)
    for _ in range(3):
        result = interval_metrics(start=start, end=end)
    timings = []
    for _ in range(runs):
        t = time.perf_counter()
        interval_metrics(start=start, end=end)
        timings.append((time.perf_counter() - t) * 1000)
    rows.append(
        {
            "label": f"interval metrics March 1999 ({result.totals.offered} calls, {len(result.rows)} rows)",
            **summarise(timings),
            "target_p95_ms": 200,
            "load_average": os.getloadavg()[0],
        }
    )


PARTS = {"bank": bench_bank, "intervals": bench_intervals, "service": bench_service, "http": bench_http}


def main() -> None:
    parts = sys.argv[1:] or list(PARTS)
    with pg_connect(dbname="postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{SCRATCH_NAME}"')
    try:
        call_command("migrate", verbosity=0)
        for part in parts:
            PARTS[part]()
    finally:
        connection.close()
        with pg_connect(dbname="postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_NAME}" WITH (FORCE)')
    for row in rows:
        if "events_per_second" in row:
            cpu = row["cpu_us_per_event"]
            print(f"{row['label']}: {row['events_per_second']:,} events/s, CPU µs/event {cpu}")
    report("telephony", rows, {"scratch_database": SCRATCH_NAME, **extra})


if __name__ == "__main__":
    main()
