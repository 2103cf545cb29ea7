"""Klantinteracties API on PostgreSQL, gunicorn with 2 workers: list throughput with wrk, sequential creates.

1. ``GET /klantcontacten`` (page size 100) with wrk, 4 connections, 2 threads, for WRK_SECONDS: the pages
   and filters vary per request (lua script), while a background thread keeps creating klantcontacten.
   Reported: requests/s and the latency percentiles wrk measured (p50, p90, p95, p99).
2. Sequential ``POST /klantcontacten``: 300 timed creates after 20 warm-up ones; reported as percentiles and
   creates per second (1000 / mean).
3. Worker resident memory (VmRSS, VmHWM) after both.

First ``klantinteracties_plans.py`` checks the generic plans of the prepared page statements (fails on a
sequential scan of the questions).

Targets (issue 7): list >= 300 req/s with p95 <= 40 ms; create >= 180/s; worker RSS <= 150 MB.
Environment: BENCH_DATABASE_URL, BENCH_CONTACTS (see harness.py), WRK_SECONDS (default 20).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

from harness import (
    Server,
    database_backend_pids,
    ensure_bench_database,
    manage,
    measure,
    pg_connect,
    process_cpu_seconds,
    report,
)

# No job worker runs during this bench; /health must not wait for its heartbeat.
os.environ.setdefault("WORKER_REQUIRED", "false")

WRK_SECONDS = int(os.environ.get("WRK_SECONDS", "20"))
API = "/klantinteracties/api/v1"

LUA = r"""
math.randomseed(20260)
local filters = {"", "", "", "&kanaal=Telefoon", "&vertrouwelijk=false", "&indicatieContactGelukt=true",
                 "&kanaal=Balie", ""}
request = function()
  local page = math.random(1, 50)
  local path = "%(api)s/klantcontacten?pageSize=100&page=" .. page .. filters[math.random(#filters)]
  return wrk.format("GET", path, {["Authorization"] = "Token %(key)s"})
end
done = function(summary, latency, requests)
  local out = {requests = summary.requests, duration_us = summary.duration,
               errors = summary.errors.status + summary.errors.connect + summary.errors.read
                        + summary.errors.write + summary.errors.timeout}
  for _, p in ipairs({50, 90, 95, 99}) do out["p" .. p .. "_ms"] = latency:percentile(p) / 1000 end
  io.write("WRKJSON " .. string.format(
    '{"requests": %%d, "duration_us": %%d, "errors": %%d, '
    .. '"p50_ms": %%.2f, "p90_ms": %%.2f, "p95_ms": %%.2f, "p99_ms": %%.2f}',
    out.requests, out.duration_us, out.errors, out.p50_ms, out.p90_ms, out.p95_ms, out.p99_ms) .. "\n")
end
"""

BODY = {
    "kanaal": "telefoon",
    "onderwerp": "Vraag over de afvalpas",
    "inhoud": "Klant vraagt wanneer de nieuwe pas komt.",
    "taal": "nld",
    "vertrouwelijk": False,
}


def post(port: int, key: str) -> int:
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "POST",
        f"{API}/klantcontacten",
        body=json.dumps(BODY),
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json"},
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


class KeepAlivePoster:
    """One keep-alive connection for the sequential creates (as a client integration would hold one)."""

    def __init__(self, port: int, key: str) -> None:
        self.conn = HTTPConnection("127.0.0.1", port, timeout=10)
        self.headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}

    def __call__(self, _i) -> int:
        self.conn.request("POST", f"{API}/klantcontacten", body=json.dumps(BODY), headers=self.headers)
        response = self.conn.getresponse()
        response.read()
        return response.status


def loadavg() -> str:
    return open("/proc/loadavg").read().split(" ")[0]


def main() -> None:
    if shutil.which("wrk") is None:
        print("bench_klantinteracties overgeslagen: wrk ontbreekt (apt-get install wrk).")
        return
    info = ensure_bench_database()
    # The prepared page statements' generic plans first: a sequential scan there fails the bench.
    subprocess.run([sys.executable, str(Path(__file__).with_name("klantinteracties_plans.py"))], check=True)
    # A production table is kept by autovacuum; a freshly bulk-loaded one has no visibility map yet, which
    # keeps PostgreSQL from its index-only scans. Untimed.
    with pg_connect() as conn:
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE contacts_question")
    key = manage("create_api_token", "bench", "--scopes", "klantinteracties:write", "--days", "1").strip()
    rows = []
    with Server() as server:
        stop = threading.Event()
        written = {"n": 0}

        def writer() -> None:
            while not stop.is_set():
                post(server.port, key)
                written["n"] += 1
                time.sleep(0.05)

        thread = threading.Thread(target=writer, daemon=True)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % {"api": API, "key": key})
        # Warm both workers up before measuring.
        subprocess.run(
            ["wrk", "-t2", "-c4", "-d3s", "-s", script.name, f"http://127.0.0.1:{server.port}"],
            capture_output=True,
            check=True,
        )
        thread.start()
        pids = server.worker_pids()
        db_pids = database_backend_pids()
        cpu_before, load_before = process_cpu_seconds(pids), loadavg()
        db_cpu_before = process_cpu_seconds(db_pids)
        result = subprocess.run(
            ["wrk", "-t2", "-c4", f"-d{WRK_SECONDS}s", "-s", script.name, f"http://127.0.0.1:{server.port}"],
            capture_output=True,
            text=True,
            check=True,
        )
        cpu_used = process_cpu_seconds(pids) - cpu_before
        db_cpu_used = process_cpu_seconds(db_pids) - db_cpu_before
        load_after = loadavg()
        stop.set()
        thread.join()
        os.unlink(script.name)
        match = re.search(r"WRKJSON (\{.*\})", result.stdout)
        wrk = json.loads(match.group(1))
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
        rps = wrk["requests"] / (wrk["duration_us"] / 1e6)
        rows.append(
            {
                "label": f"GET klantcontacten (wrk, 4 verb., {WRK_SECONDS}s)",
                "n": wrk["requests"],
                "p50_ms": wrk["p50_ms"],
                "p95_ms": wrk["p95_ms"],
                "p99_ms": wrk["p99_ms"],
                "target_p95_ms": 40,
                "requests_per_second": round(rps, 1),
                "target_requests_per_second": 300,
                "errors": wrk["errors"] + (int(non_2xx.group(1)) if non_2xx else 0),
                "written_during_run": written["n"],
                "worker_cpu_seconds": round(cpu_used, 2),
                "requests_per_worker_cpu_second": round(wrk["requests"] / cpu_used, 1) if cpu_used else None,
                # Both include the writer thread's creates (a few per second); the database figure is the
                # CPU of the workers' PostgreSQL backends, which share the machine's cores with them.
                "worker_cpu_ms_per_request": round(1000 * cpu_used / wrk["requests"], 2),
                "database_cpu_ms_per_request": (
                    round(1000 * db_cpu_used / wrk["requests"], 2) if db_pids else None
                ),
                "loadavg_before_after": f"{load_before} / {load_after}",
            }
        )
        creates = measure(KeepAlivePoster(server.port, key), requests=300, warmup=20)
        creates.update(
            label="POST klantcontacten (sequentieel)",
            creates_per_second=round(1000 / creates["mean_ms"], 1),
            target_creates_per_second=180,
        )
        rows.append(creates)
        memory = server.worker_memory_mb()
    report("bench_klantinteracties", rows, {"database": info, "workers": memory})
    print(
        f"list: {rows[0]['requests_per_second']} req/s, p95 {rows[0]['p95_ms']} ms, "
        f"errors {rows[0]['errors']}, "
        f"{rows[0]['requests_per_worker_cpu_second']} req per worker-CPU-second "
        f"({rows[0]['worker_cpu_ms_per_request']} ms worker CPU, "
        f"{rows[0]['database_cpu_ms_per_request']} ms database CPU per request), "
        f"load {rows[0]['loadavg_before_after']}"
    )
    print(f"create: {rows[1]['creates_per_second']}/s; workers: {memory}")


if __name__ == "__main__":
    main()
