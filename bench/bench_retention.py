"""Retention job: retention_run() over 1,000,000 questions of which 10 % are due.

The job deletes, so it never runs on the bench database itself: a scratch copy is made from it
(CREATE DATABASE … TEMPLATE), every product gets a 12-month retention period, and the job runs with "now"
set so that exactly the oldest 100,000 questions with a product are due. The copy is dropped afterwards.
Target (issue #4): the duration is reported, none is set. Run: .venv/bin/python bench/bench_retention.py
"""

from __future__ import annotations

import json
import os
import time

import dj_database_url

from harness import BENCH_URL, ensure_bench_database, manage, pg_connect, report

DUE = 100_000
RETENTION_MONTHS = 12

RUN = """
import json, time, datetime as dt
from voorkant.catalogue.models import Product
from voorkant.contacts.models import Question
from voorkant.privacy.retention import retention_run

cutoff = dt.datetime.fromisoformat("{cutoff}")
Product.objects.update(retention_months={months})
now = cutoff.replace(year=cutoff.year + 1)
before = Question.objects.count()
started = time.perf_counter()
run = retention_run(now=now)
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": round(seconds, 1), "questions_before": before,
    "questions_after": Question.objects.count(), "questions_removed": run.questions_removed,
    "conversations_removed": run.conversations_removed, "parties_removed": run.parties_removed,
    "drafts_removed": run.drafts_removed}}))
"""


def main() -> None:
    database = ensure_bench_database()
    source = dj_database_url.parse(BENCH_URL)["NAME"]
    scratch = f"{source}_retention_scratch"
    with pg_connect() as conn:
        cutoff = conn.execute(
            "SELECT occurred_at FROM contacts_question WHERE product_id IS NOT NULL "
            "ORDER BY occurred_at, id OFFSET %s LIMIT 1",
            [DUE],
        ).fetchone()[0]
    with pg_connect(dbname="postgres") as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        started = time.monotonic()
        conn.execute(f'CREATE DATABASE "{scratch}" TEMPLATE "{source}"')
        copy_seconds = round(time.monotonic() - started, 1)
    scratch_url = BENCH_URL.rsplit("/", 1)[0] + "/" + scratch
    try:
        load_before = os.getloadavg()
        output = manage(
            "shell",
            "-c",
            RUN.format(cutoff=cutoff.isoformat(), months=RETENTION_MONTHS),
            database_url=scratch_url,
        )
        load_after = os.getloadavg()
        result = json.loads(output.strip().splitlines()[-1])
    finally:
        with pg_connect(dbname="postgres") as conn:
            conn.autocommit = True
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    report(
        "retention",
        [
            {
                "label": f"retention_run(): {result['questions_removed']} weg",
                "note": f"{result['seconds']} s",
            }
        ],
        {
            "database": database,
            "result": result,
            "scratch_copy_seconds": copy_seconds,
            "loadavg_before": load_before,
            "loadavg_after": load_after,
        },
    )


if __name__ == "__main__":
    main()
