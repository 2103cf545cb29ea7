"""Follow-ups, in process: CPU per request and statements for the inbox and for making a follow-up.

Wall times on a shared machine say little; the CPU a request costs is steadier under load. This drives the
two requests of ``bench_followups.py`` through Django's test client inside this process, against the bench
database (``BENCH_DATABASE_URL`` for a copy; run ``bench_followups.py`` once first so the inbox team holds its
5,000 open follow-ups), and reads the Python CPU of this thread (``time.thread_time``) around each timed
request, the CPU of this connection's PostgreSQL backend (``/proc``, PostgreSQL on this host), the statements
the request sends and how many of them are COMMITs.

Run: .venv/bin/python bench/followups_cpu.py [--requests 200] [--only inbox|create] [--profile 25] [--sql]
``--profile N`` prints the N most expensive functions (cProfile on the CPU clock) over the timed requests.
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
FOLLOWUP_PATH = re.compile(r"/vervolgacties/nieuw/([0-9a-f-]{36})/")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--only", choices=["inbox", "create"])
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--sql", action="store_true", help="print the last request's statements")
    args = parser.parse_args()

    os.environ.update(server_env(BENCH_URL), ALLOWED_HOSTS="testserver")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from voorkant.organisation.models import Team
    from voorkant.parties.models import Party

    commit_calls = commit_counter(connection)

    def run(label: str, call, prepare=None, expected: int = 200) -> None:
        profiler = cProfile.Profile(time.thread_time) if args.profile else None
        walls, cpu, backend, statements, commits = [], [], [], [], []
        for i in range(args.warmup + args.requests):
            value = prepare(i) if prepare else i
            timed = i >= args.warmup
            before_commits = commit_calls[0]
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            backend_before = process_cpu_seconds([pid])
            with CaptureQueriesContext(connection) as queries:
                if profiler and timed:
                    profiler.enable()
                wall_before, cpu_before = time.perf_counter(), time.thread_time()
                response = call(value)
                cpu_after, wall_after = time.thread_time(), time.perf_counter()
                if profiler and timed:
                    profiler.disable()
            if response.status_code != expected:
                raise SystemExit(f"{label}: unexpected status {response.status_code}")
            if timed:
                walls.append((wall_after - wall_before) * 1000)
                cpu.append((cpu_after - cpu_before) * 1000)
                backend.append((process_cpu_seconds([pid]) - backend_before) * 1000)
                statements.append(len(queries.captured_queries))
                commits.append(commit_calls[0] - before_commits)
        print(f"{label}: {args.requests} requests, load average {os.getloadavg()[0]:.2f}")
        for name, values in (("wall", walls), ("Python CPU", cpu)):
            print(
                f"  {name:<11} mean {statistics.fmean(values):6.2f}  p50 {percentile(values, 0.5):6.2f}  "
                f"p95 {percentile(values, 0.95):6.2f} ms"
            )
        # /proc counts in clock ticks (10 ms): only the mean over many requests means anything.
        print(f"  PostgreSQL backend CPU mean {statistics.fmean(backend):6.2f} ms")
        print(f"  statements {statistics.fmean(statements):.1f}, commits {statistics.fmean(commits):.1f}")
        if args.sql:
            for number, query in enumerate(queries.captured_queries, 1):
                print(f"  {number:3} {query['sql'][:200]}")
        if profiler:
            order = os.environ.get("PROFILE_SORT", "cumulative")
            stats = pstats.Stats(profiler).sort_stats(order)
            stats.print_stats(args.profile)
            if os.environ.get("PROFILE_CALLEES"):
                stats.print_callees(os.environ["PROFILE_CALLEES"])

    if args.only in (None, "inbox"):
        reader = Client()
        if not reader.login(username="backoffice", password="voorkant-demo"):
            raise SystemExit("cannot log in as backoffice")
        run("GET /vervolgacties/", lambda i: reader.get("/vervolgacties/"))

    if args.only in (None, "create"):
        agent = Client()
        if not agent.login(username="kcc", password="voorkant-demo"):
            raise SystemExit("cannot log in as kcc")
        team = Team.objects.get(name="Schuldhulpverlening")
        parties = [
            str(uuid) for uuid in Party.objects.order_by("number").values_list("uuid", flat=True)[100:150]
        ]

        def prepare(i: int) -> str:
            response = agent.post("/werkplek/nieuw/", {"channel": "telefoon"})
            draft = DRAFT_PATH.search(response.headers["Location"]).group(1)
            agent.post(
                f"/werkplek/{draft}/klant/",
                {"party_uuid": parties[i % len(parties)]},
                headers={"HX-Request": "true"},
            )
            response = agent.post(
                f"/werkplek/{draft}/afronden/",
                {
                    "channel": "telefoon",
                    "q-0-subject": "Betalingsachterstand: hulp bij schulden",
                    "q-0-outcome": "vervolgactie",
                    "q-0-note": "Klant wil een afspraak met schuldhulpverlening.",
                },
            )
            return FOLLOWUP_PATH.search(response.headers["Location"]).group(1)

        form = {
            "kind": "terugbelverzoek",
            "requested_action": "Klant terugbellen over een betalingsregeling",
            "customer_told": "Wij bellen u binnen twee werkdagen terug.",
            "explanation": "Klant belt vanaf het werk, liefst na 16 uur.",
            "contact_name": "J. de Vries",
            "contact_phone": "06 12345678",
            "contact_email": "klant@voorbeeld.invalid",
            "callback_window": "middag (12–17 uur)",
            "priority": "1",
            "domain": team.domain_id,
            "team": team.pk,
        }
        run(
            "POST /vervolgacties/nieuw/<vraag>/",
            lambda question: agent.post(f"/vervolgacties/nieuw/{question}/", form),
            prepare=prepare,
            expected=302,
        )


if __name__ == "__main__":
    main()
