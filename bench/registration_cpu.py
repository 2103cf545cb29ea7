"""Registration, in process: CPU per request (Python and its PostgreSQL backend), statements and commits.

Wall times on a shared machine say little; the CPU a request costs is steadier under load. This drives the
same flow as ``bench_registration.py`` (POST /werkplek/<draft>/afronden/, one identified caller, one
question) through Django's test client inside this process, against the bench database, and reads:

* Python CPU of this thread (``time.thread_time``) around each timed request;
* the CPU of this connection's PostgreSQL backend, from ``/proc/<pid>/stat`` (PostgreSQL on this host);
* the statements the request sends, and how many of them are COMMITs.

Run: .venv/bin/python bench/registration_cpu.py [--requests 200] [--profile 25] [--sql]
``--profile N`` prints the N most expensive functions (cProfile, cumulative) over the timed requests.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time

from harness import BENCH_URL, ROOT, commit_counter, process_cpu_seconds, server_env

DRAFT_PATH = re.compile(r"/werkplek/([0-9a-f-]{36})/")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--sql", action="store_true", help="print the last request's statements")
    parser.add_argument("--callees", default="", help="with --profile: print what this function calls")
    args = parser.parse_args()

    os.environ.update(server_env(BENCH_URL), ALLOWED_HOSTS="testserver")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from voorkant.parties.models import Party

    parties = [
        str(uuid)
        for uuid in Party.objects.order_by("number").values_list("uuid", flat=True)[100:150]  # not the 200s
    ]
    client = Client()
    if not client.login(username="kcc", password="voorkant-demo"):
        raise SystemExit("cannot log in as kcc")

    def prepare(i: int) -> str:
        response = client.post("/werkplek/nieuw/", {"channel": "telefoon"})
        draft = DRAFT_PATH.search(response.headers["Location"]).group(1)
        caller = {"party_uuid": parties[i % len(parties)]}
        client.post(f"/werkplek/{draft}/klant/", caller, headers={"HX-Request": "true"})
        return draft

    form = {
        "channel": "telefoon",
        "q-0-subject": "Paspoort aanvragen: afspraak maken",
        "q-0-outcome": "zelfstandig-afgehandeld",
        "q-0-note": "Afspraak gemaakt via de website.",
    }
    commit_calls = commit_counter(connection)
    # CPU time, not wall time: on a loaded machine the wall clock mostly measures waiting for a core.
    profiler = cProfile.Profile(time.thread_time) if args.profile else None
    walls, python, backend, statements, commits = [], [], [], [], []
    for i in range(args.warmup + args.requests):
        draft = prepare(i)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        timed = i >= args.warmup
        backend_before = process_cpu_seconds([pid])
        commits_before = commit_calls[0]
        with CaptureQueriesContext(connection) as queries:
            if profiler and timed:
                profiler.enable()
            wall_before, cpu_before = time.perf_counter(), time.thread_time()
            response = client.post(f"/werkplek/{draft}/afronden/", form)
            cpu_after, wall_after = time.thread_time(), time.perf_counter()
            if profiler and timed:
                profiler.disable()
        if response.status_code != 302:
            raise SystemExit(f"unexpected status {response.status_code}")
        if timed:
            walls.append((wall_after - wall_before) * 1000)
            python.append((cpu_after - cpu_before) * 1000)
            backend.append((process_cpu_seconds([pid]) - backend_before) * 1000)
            statements.append(len(queries.captured_queries))
            commits.append(commit_calls[0] - commits_before)

    def line(label: str, values: list[float]) -> str:
        return (
            f"{label:<22} mean {statistics.fmean(values):7.2f}  p50 {percentile(values, 0.5):7.2f}  "
            f"p95 {percentile(values, 0.95):7.2f} ms"
        )

    print(f"{args.requests} registrations, load average {os.getloadavg()[0]:.2f}")
    print(line("wall", walls))
    print(line("Python CPU", python))
    # /proc counts in clock ticks (10 ms): only the mean over many requests means anything.
    print(f"{'PostgreSQL backend CPU':<22} mean {statistics.fmean(backend):7.2f} ms")
    print(
        f"statements per request: {statistics.fmean(statements):.1f}; "
        f"commits (explicit, or writes in autocommit): {statistics.fmean(commits):.1f}"
    )
    if args.sql:
        for number, query in enumerate(queries.captured_queries, 1):
            print(f"{number:3} {query['sql'][:160]}")
    if profiler:
        stats = pstats.Stats(profiler).sort_stats("cumulative")
        stats.print_stats(args.profile)
        if args.callees:
            stats.print_callees(args.callees)


if __name__ == "__main__":
    main()
