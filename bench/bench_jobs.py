"""Job queue benchmark on PostgreSQL: throughput with two worker processes, and commit-to-start latency.

Each job renders the 'vervolgactie-bevestiging' template and queues the e-mail in the outbox (which in turn
queues the send job; mail goes to the recording backend, i.e. into a table). Uses its own database
(BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/voorkant_bench) and empties its job, outbox
and processing-log tables between rounds.

    .venv/bin/python bench/bench_jobs.py [--jobs 5000] [--rounds 3] [--latency-jobs 300] [--transport redis]

Besides wall-clock figures (which on a shared machine mostly measure the other processes) it reports the cost
of one job that does not depend on the load: CPU of the worker and of its PostgreSQL backend per job and
database statements per job, measured in-process over --profile-jobs jobs.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/voorkant_bench"


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if "bench" not in cfg["NAME"]:
        sys.exit("BENCH_DATABASE_URL must name a database with 'bench' in it: its tables are emptied.")
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def _process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def profile(jobs: int) -> None:
    """Per-job cost in one process: worker CPU, its PostgreSQL backend's CPU, statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from voorkant.jobs.services import enqueue_many
    from voorkant.jobs.worker import Worker

    def run() -> tuple[int, float, float]:
        enqueue_many("bench.render_mail", payloads=({"n": n, "run": f"p{time.time()}"} for n in range(jobs)))
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        worker = Worker(exit_when_idle=True, handle_signals=False, run_schedules=False)
        cpu, db_cpu = time.process_time(), _process_cpu(backend)
        done = worker.run()
        return done, time.process_time() - cpu, _process_cpu(backend) - db_cpu

    done, cpu, db_cpu = run()
    with CaptureQueriesContext(connection) as queries:
        run()
    print(
        f"per job, in process over {done} jobs (their sender jobs included): worker CPU "
        f"{cpu / jobs * 1000:.2f} ms, PostgreSQL backend CPU {db_cpu / jobs * 1000:.2f} ms, "
        f"{len(queries) / jobs:.2f} statements (BEGIN/COMMIT included)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency-jobs", type=int, default=300)
    parser.add_argument("--profile-jobs", type=int, default=2000)
    parser.add_argument("--transport", choices=["database", "redis"], default="database")
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'src'}{os.pathsep}{REPO / 'bench'}",
        "DJANGO_SETTINGS_MODULE": "voorkant.settings",
        "SECRET_KEY": "bench-secret",
        "PROCESSING_LOG_KEY": "bench-log-key",
        "DEBUG": "false",
        "LOG_LEVEL": "WARNING",
        "JOBS_TASK_MODULES": "_jobs_tasks",
        "EMAIL_BACKEND": "voorkant.outbox.backends.RecordingEmailBackend",
        "JOBS_TRANSPORT": args.transport,
        "JOBS_REDIS_PREFIX": "voorkant-bench:jobs",
    }
    os.environ.update(env)
    sys.path[:0] = [str(REPO / "src"), str(REPO / "bench")]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Max, Min

    from voorkant.jobs.models import Job
    from voorkant.jobs.services import enqueue, enqueue_many
    from voorkant.outbox.models import OutboxMessage

    call_command("migrate", verbosity=0)

    def reset() -> None:
        if args.transport == "redis":
            from voorkant.jobs.transport import transport

            transport().clear()
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE jobs_job, jobs_joblog, jobs_workerheartbeat, jobs_schedule, outbox_outboxmessage, "
                "outbox_recordedemail, privacy_processinglogsubject, privacy_processinglogrecord CASCADE"
            )

    def workers(*extra: str) -> list[subprocess.Popen]:
        return [
            subprocess.Popen(
                [sys.executable, str(REPO / "manage.py"), "worker", "--no-schedules", *extra],
                env=env,
                cwd=REPO,
            )
            for _ in range(args.workers)
        ]

    print(
        f"== bench_jobs: PostgreSQL, {args.workers} workers, transport {args.transport}, "
        "each job renders and queues one e-mail"
    )
    if args.profile_jobs:
        reset()
        profile(args.profile_jobs)
    rates = []
    for round_no in range(1, args.rounds + 1):
        reset()
        enqueue_many(
            "bench.render_mail", payloads=({"n": n, "run": f"r{round_no}"} for n in range(args.jobs))
        )
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        procs = workers("--exit-when-idle")
        for proc in procs:
            proc.wait()
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
        span = Job.objects.filter(name="bench.render_mail").aggregate(
            a=Min("started_at"), b=Max("finished_at")
        )
        done = Job.objects.filter(name="bench.render_mail", status="done").count()
        seconds = (span["b"] - span["a"]).total_seconds()
        rate = done / seconds
        rates.append(rate)
        sent = OutboxMessage.objects.filter(status="sent").count()
        print(
            f"round {round_no}: {done} jobs in {seconds:.2f} s = {rate:.0f} jobs/s ({sent} e-mails sent); "
            f"worker CPU {worker_cpu / done * 1000:.2f} ms per job (start-up included), "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
    median = statistics.median(rates)
    print(f"throughput jobs/s: median {median:.0f}, min {min(rates):.0f}, max {max(rates):.0f}")

    reset()
    procs = workers()
    try:
        # Measure the running queue, not process start-up (which takes seconds on a loaded machine): wait for
        # both workers' heartbeats, then a moment for their first claim and LISTEN.
        from voorkant.jobs.models import WorkerHeartbeat

        deadline = time.monotonic() + 120
        while WorkerHeartbeat.objects.filter(stopped_at=None).count() < args.workers:
            if time.monotonic() > deadline:
                sys.exit("workers did not start")
            time.sleep(0.2)
        time.sleep(2)
        rng = random.Random(1)
        for n in range(args.latency_jobs):
            with transaction.atomic():
                enqueue("bench.render_mail", payload={"n": n, "run": "latency"})
            time.sleep(rng.uniform(0.02, 0.1))  # ~17 jobs/s: latency, not saturation
        deadline = time.monotonic() + 60
        while Job.objects.filter(name="bench.render_mail").exclude(status="done").exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait()
    latencies = [
        (started - enqueued).total_seconds() * 1000
        for enqueued, started in Job.objects.filter(name="bench.render_mail", status="done").values_list(
            "enqueued_at", "started_at"
        )
    ]
    print(
        f"commit-to-start latency over {len(latencies)} jobs: p50 {percentile(latencies, 50):.1f} ms, "
        f"p95 {percentile(latencies, 95):.1f} ms, max {max(latencies):.1f} ms"
    )


if __name__ == "__main__":
    main()
