"""The demo-data generator and plain counts: how long filling takes, and COUNT(*) on 1,000,000 questions.

- generate_demo_data --contacts 20000 on SQLite, three fresh databases (seeds 1-3);
- generate_demo_data --contacts 1000000 on PostgreSQL: the time recorded when voorkant_bench was filled,
  plus BENCH_GENERATOR_RUNS fresh runs in a scratch database (default 0: each takes minutes);
- exact COUNT(*) over the questions and one party's involvements, 30 times each.
Run: .venv/bin/python bench/bench_demo_data.py
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from harness import BENCH_CONTACTS, BENCH_URL, ensure_bench_database, manage, pg_connect, report, summarise

SQLITE_CONTACTS = 20_000
SCRATCH_DB = "voorkant_bench_generator"


def generator_seconds(output: str) -> float:
    match = re.search(r"in ([\d.]+) s", output)
    return float(match.group(1)) if match else float("nan")


def sqlite_runs(runs: int = 3) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.sqlite3"
        manage("migrate", "--noinput", database_url=f"sqlite:///{template}")
        results = []
        for seed in range(1, runs + 1):
            target = Path(tmp) / f"run{seed}.sqlite3"
            shutil.copy(template, target)
            started = time.monotonic()
            output = manage(
                "generate_demo_data",
                "--contacts",
                str(SQLITE_CONTACTS),
                "--seed",
                str(seed),
                "--force",
                database_url=f"sqlite:///{target}",
            )
            results.append(
                {
                    "seed": seed,
                    "command_s": generator_seconds(output),
                    "wall_s": round(time.monotonic() - started, 2),
                }
            )
    return results


def postgres_runs(runs: int) -> list[dict]:
    scratch = BENCH_URL.rsplit("/", 1)[0] + f"/{SCRATCH_DB}"
    results = []
    for seed in range(1, runs + 1):
        with pg_connect(dbname="postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DB}"')
            conn.execute(f'CREATE DATABASE "{SCRATCH_DB}"')
        manage("migrate", "--noinput", database_url=scratch)
        started = time.monotonic()
        output = manage(
            "generate_demo_data",
            "--contacts",
            str(BENCH_CONTACTS),
            "--seed",
            str(seed),
            "--force",
            database_url=scratch,
        )
        results.append(
            {
                "seed": seed,
                "command_s": generator_seconds(output),
                "wall_s": round(time.monotonic() - started, 1),
            }
        )
    with pg_connect(dbname="postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DB}"')
    return results


def count_timings(sql: str, params: list, repeat: int = 30) -> dict:
    with pg_connect() as conn:
        conn.execute(sql, params).fetchone()  # warm the cache
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            conn.execute(sql, params).fetchone()
            timings.append((time.perf_counter() - started) * 1000)
    return summarise(timings)


def main() -> None:
    database = ensure_bench_database()
    rows = []
    with pg_connect() as conn:
        party_id = conn.execute(
            "SELECT party_id FROM contacts_involvement WHERE party_id IS NOT NULL "
            "GROUP BY party_id HAVING count(*) = 200 ORDER BY party_id LIMIT 1"
        ).fetchone()[0]
    rows.append(
        {
            "label": "COUNT(*) vragen (PostgreSQL)",
            **count_timings("SELECT count(*) FROM contacts_question", []),
        }
    )
    rows.append(
        {
            "label": "COUNT(*) betrokkenen van 1 partij (PostgreSQL)",
            **count_timings("SELECT count(*) FROM contacts_involvement WHERE party_id = %s", [party_id]),
        }
    )
    rows.append(
        {
            "label": "klantbeeld-query: 25 nieuwste vragen partij",
            **count_timings(
                "SELECT q.number, q.subject, q.occurred_at, o.name, c.name FROM contacts_involvement i "
                "JOIN contacts_question q ON q.id = i.question_id "
                "JOIN contacts_outcome o ON o.id = q.outcome_id "
                "JOIN contacts_channel c ON c.id = q.channel_id WHERE i.party_id = %s "
                "ORDER BY i.occurred_at DESC LIMIT 25",
                [party_id],
            ),
        }
    )
    sqlite = sqlite_runs()
    rows.append(
        {
            "label": f"generator {SQLITE_CONTACTS} vragen SQLite",
            "note": f"{[r['command_s'] for r in sqlite]} s",
        }
    )
    pg = postgres_runs(int(os.environ.get("BENCH_GENERATOR_RUNS", "0")))
    if pg:
        rows.append(
            {
                "label": f"generator {BENCH_CONTACTS} vragen PostgreSQL",
                "note": f"{[r['command_s'] for r in pg]} s",
            }
        )
    report(
        "demogegevens",
        rows,
        {
            "bench_database_fill": database,
            "sqlite_generator_runs": sqlite,
            "postgresql_generator_runs": pg,
        },
    )


if __name__ == "__main__":
    main()
