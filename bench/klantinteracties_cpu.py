"""Klantinteracties API, in process: CPU per request (Python and its PostgreSQL backend) and statements.

The HTTP bench (``bench_klantinteracties.py``) measures throughput, which on a shared 2-core machine mostly
measures the other work; the CPU one request costs is steadier. This sends the same list requests (pages of
100, pages 1-50 and filters varying, seeded) and sequential creates through Django's test client, with a
token, against the bench database, and reports Python CPU (``time.thread_time``) and the CPU of this
connection's PostgreSQL backend per request, as percentiles over the timed requests.

Run: .venv/bin/python bench/klantinteracties_cpu.py [--requests 300] [--profile 25]
``--profile N`` prints the N most expensive functions of the list requests (cProfile on a CPU clock).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time

from harness import BENCH_URL, ROOT, process_cpu_seconds, server_env
from registration_cpu import percentile

API = "/klantinteracties/api/v1/klantcontacten"
FILTERS = [
    "",
    "",
    "",
    "&kanaal=Telefoon",
    "&vertrouwelijk=false",
    "&indicatieContactGelukt=true",
    "&kanaal=Balie",
    "",
]
BODY = {
    "kanaal": "telefoon",
    "onderwerp": "Vraag over de afvalpas",
    "inhoud": "Klant vraagt wanneer de nieuwe pas komt.",
    "taal": "nld",
    "vertrouwelijk": False,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()

    os.environ.update(server_env(BENCH_URL), ALLOWED_HOSTS="testserver")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from voorkant.apitokens.services import api_token_create

    issued = api_token_create(name="bench-cpu", scopes=["klantinteracties:write"])
    client = Client(headers={"Authorization": f"Token {issued.key}"})
    rng = random.Random(20260)
    profiler = cProfile.Profile(time.thread_time) if args.profile else None

    def run(label: str, send) -> None:
        python, backend, statements = [], [], []
        for i in range(args.warmup + args.requests):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            timed = i >= args.warmup
            backend_before = process_cpu_seconds([pid])
            with CaptureQueriesContext(connection) as queries:
                if profiler and timed and label == "list":
                    profiler.enable()
                cpu_before = time.thread_time()
                response = send()
                cpu_after = time.thread_time()
                if profiler and timed and label == "list":
                    profiler.disable()
            if response.status_code not in (200, 201):
                raise SystemExit(f"unexpected status {response.status_code}: {response.content[:300]}")
            if timed:
                python.append((cpu_after - cpu_before) * 1000)
                backend.append((process_cpu_seconds([pid]) - backend_before) * 1000)
                statements.append(len(queries.captured_queries))
        print(
            f"{label:<7} Python CPU mean {statistics.fmean(python):6.2f}  "
            f"p50 {percentile(python, 0.5):6.2f}  p95 {percentile(python, 0.95):6.2f} ms; "
            "PostgreSQL backend CPU mean "
            f"{statistics.fmean(backend):6.2f} ms; statements {statistics.fmean(statements):.1f}"
        )

    print(f"{args.requests} requests each, load average {os.getloadavg()[0]:.2f}")
    run("list", lambda: client.get(f"{API}?pageSize=100&page={rng.randint(1, 50)}{rng.choice(FILTERS)}"))
    run("create", lambda: client.post(API, BODY, content_type="application/json"))
    # /proc counts in clock ticks (10 ms): only the backend means over many requests mean anything.
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
