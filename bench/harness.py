"""A small benchmark harness: a filled PostgreSQL database, the production server, a logged-in client.

- `ensure_bench_database()` creates `voorkant_bench` when absent, migrates it and fills it once with
  `generate_demo_data --contacts 1000000` (reused afterwards; the fill time is kept in var/bench/).
- `Server` starts gunicorn `voorkant.wsgi` with 2 workers on a free loopback port, DEBUG off, and reports
  the workers' resident memory.
- `Client` speaks HTTP/1.1 with keep-alive over the standard library, logs in through the login form and
  keeps the session and CSRF cookies.
- `measure()` times many requests; `summarise()` gives p50/p95/p99; `report()` prints a table and writes
  JSON to var/bench/<name>.json.

Timings are client-side round trips on loopback: an upper bound of the server time (they include
gunicorn's socket handling and this client's parsing, under a millisecond).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from http.client import HTTPConnection, HTTPResponse
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "var" / "bench"
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/voorkant_bench")
BENCH_CONTACTS = int(os.environ.get("BENCH_CONTACTS", "1000000"))
BENCH_SEED = 1
DEMO_PASSWORD = "voorkant-demo"  # noqa: S105 - the documented demo password


def server_env(database_url: str = BENCH_URL) -> dict[str, str]:
    """Production-like settings: DEBUG off, collected-static not needed (served from the finders)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY="bench-secret-key-not-for-production",
        PROCESSING_LOG_KEY="bench-processing-log-key",
        STATIC_FROM_FINDERS="true",
        # The benches measure the web server; no job worker runs beside it, so /health must not wait for one.
        WORKER_REQUIRED="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="voorkant.settings",
    )
    return env


def manage(*args: str, database_url: str = BENCH_URL) -> str:
    result = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=server_env(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def pg_connect(database_url: str = BENCH_URL, dbname: str | None = None) -> psycopg.Connection:
    cfg = dj_database_url.parse(database_url)
    return psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname=dbname or cfg["NAME"],
        autocommit=True,
    )


def process_cpu_seconds(pids: list[int]) -> float:
    """User + system CPU these processes used so far, in seconds (fields 14 and 15 of /proc/<pid>/stat).

    Under load the CPU a request costs is the steadier figure beside its wall time. A process that has gone
    (or a database server on another machine, whose /proc is not ours) counts as nothing.
    """
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def database_backend_pids(database_url: str = BENCH_URL) -> list[int]:
    """The PostgreSQL server processes serving that database (the workers' persistent connections), except
    the one that asks."""
    with pg_connect(database_url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def ensure_bench_database(contacts: int = BENCH_CONTACTS) -> dict:
    """The bench database with `contacts` demo questions; filled once, then reused."""
    name = dj_database_url.parse(BENCH_URL)["NAME"]
    with pg_connect(dbname="postgres") as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput")
    with pg_connect() as conn:
        count = conn.execute("SELECT count(*) FROM contacts_question").fetchone()[0]
        has_demo = conn.execute("SELECT 1 FROM organisation_user WHERE username = 'kcc'").fetchone()
    if count and not has_demo:
        raise SystemExit(f"{name} was not filled by generate_demo_data: drop it and run again.")
    info_path = RESULTS / "bench-database.json"
    if count >= contacts:
        print(f"Benchmarkdatabase {name} hergebruikt ({count} vragen).", file=sys.stderr)
        return json.loads(info_path.read_text()) if info_path.exists() else {"questions": count}
    if count:
        raise SystemExit(f"{name} holds {count} questions, fewer than {contacts}: drop it and run again.")
    print(f"Benchmarkdatabase {name} vullen met {contacts} vragen ...", file=sys.stderr)
    started = time.monotonic()
    output = manage("generate_demo_data", "--contacts", str(contacts), "--seed", str(BENCH_SEED), "--force")
    info = {
        "questions": contacts,
        "generator_seconds_wall": round(time.monotonic() - started, 1),
        "generator_output": output.strip(),
    }
    manage("shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
    RESULTS.mkdir(parents=True, exist_ok=True)
    info_path.write_text(json.dumps(info, indent=1, ensure_ascii=False))
    return info


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn voorkant.wsgi, 2 workers, on a free loopback port; stopped on exit."""

    def __init__(self, database_url: str = BENCH_URL, workers: int = 2) -> None:
        self.port = free_port()
        self.database_url = database_url
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        (ROOT / "var" / "static").mkdir(
            parents=True, exist_ok=True
        )  # whitenoise warns when STATIC_ROOT is absent
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                # the production settings (gunicorn.conf.py: threads, keep-alive); workers and port as asked
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            env=server_env(self.database_url),
            cwd=ROOT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                conn = HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not become healthy within 30 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                pids.append(int(status.parent.name))
        return sorted(pids)

    def worker_memory_mb(self) -> list[dict]:
        """Resident memory now (VmRSS) and at its peak (VmHWM) per worker, in MB."""
        result = []
        for pid in self.worker_pids():
            text = Path(f"/proc/{pid}/status").read_text()
            values = {
                k: int(re.search(rf"^{k}:\s+(\d+) kB", text, re.M).group(1)) for k in ("VmRSS", "VmHWM")
            }
            result.append(
                {
                    "pid": pid,
                    "rss_mb": round(values["VmRSS"] / 1024, 1),
                    "peak_rss_mb": round(values["VmHWM"] / 1024, 1),
                }
            )
        return result


class Client:
    """HTTP/1.1 keep-alive client with a cookie jar just big enough for Django's session and CSRF cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data or {}, doseq=True) if method == "POST" else None
        all_headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
        except (ConnectionError, OSError):
            self.conn.close()  # a worker closed the keep-alive connection; retry once on a fresh one
            self.conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
        content = response.read()
        self._keep_cookies(response)
        return response.status, response, content

    def _keep_cookies(self, response: HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        status, _, content = self.request("GET", "/inloggen/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or token is None:
            raise RuntimeError(f"login page answered {status}")
        status, response, _ = self.request(
            "POST",
            "/inloggen/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed ({status})")


def measure(
    call: Callable[[Any], int],
    *,
    requests: int = 300,
    warmup: int = 20,
    prepare: Callable[[int], Any] | None = None,
) -> dict:
    """Time `call(x)` (it returns the HTTP status) `requests` times after `warmup` untimed calls.

    x is `prepare(i)` when given (prepared untimed, just before its timed call), otherwise the index i.
    """
    for i in range(warmup):
        call(prepare(-1 - i) if prepare else -1 - i)
    timings, statuses = [], {}
    for i in range(requests):
        argument = prepare(i) if prepare else i
        started = time.perf_counter()
        status = call(argument)
        timings.append((time.perf_counter() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
    return {**summarise(timings), "statuses": statuses}


def summarise(timings_ms: list[float]) -> dict:
    ordered = sorted(timings_ms)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "n": len(ordered),
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "p99_ms": round(cuts[98], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
        "min_ms": round(ordered[0], 2),
        "max_ms": round(ordered[-1], 2),
    }


def report(name: str, rows: list[dict], extra: dict | None = None) -> None:
    """Print a table (one row per measurement) and write everything as JSON to var/bench/<name>.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"bench": name, "measurements": rows, **(extra or {})}
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False))
    print(f"\n== {name}")
    header = f"{'meting':44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'doel p95':>9}"
    print(header)
    print("-" * len(header))
    for row in rows:
        if "p50_ms" not in row:
            print(f"{row['label']:44} {row.get('note', '')}")
            continue
        target = f"{row['target_p95_ms']:>7} ms" if row.get("target_p95_ms") else ""
        print(
            f"{row['label']:44} {row['n']:>5} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['p99_ms']:>8} {target:>9}"
        )
    for key, value in (extra or {}).items():
        print(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    print(f"(JSON: var/bench/{name}.json)")


def commit_counter(connection) -> list[int]:
    """Count the commits of a Django connection from now on: its own COMMITs (which do not pass through the
    cursor) and the writes run outside a transaction, each of which commits on its own (and flushes the WAL
    like a COMMIT). Returns a one-item list that keeps the running count."""
    calls = [0]
    real_commit = connection._commit

    def counting_commit() -> None:
        calls[0] += 1
        real_commit()

    connection._commit = counting_commit

    def count_autocommitted_writes(execute, sql, params, many, context):
        writes = sql.lstrip()[:6].upper() in {"INSERT", "UPDATE", "DELETE", "WITH I"}
        if writes and connection.get_autocommit():
            calls[0] += 1
        return execute(sql, params, many, context)

    connection.execute_wrappers.append(count_autocommitted_writes)
    return calls
