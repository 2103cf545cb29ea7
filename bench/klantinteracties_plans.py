"""The plans PostgreSQL keeps for the API's prepared page statements, on the 1,000,000-question database.

The fast list of klantcontacten runs as prepared statements with one generic plan each
(``voorkant.core.prepared``): the plan is made without the filter values, so it must be right for any value.
For every filter shape of the fast path this prepares the page statement as the application does, runs it
with a page deep in the list (``EXPLAIN ANALYZE EXECUTE``) and reports which index finds the page and the
execution time. A sequential scan of ``contacts_question`` fails the run (exit 1): at a million rows that is a
plan that costs hundreds of milliseconds for some value.

Run: .venv/bin/python bench/klantinteracties_plans.py   (bench_klantinteracties.py runs it first)
"""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import UTC, datetime

from harness import BENCH_URL, RESULTS, ROOT, ensure_bench_database, server_env

# (label, parsed filters, token sees confidential)
SHAPES = [
    ("zonder filter", {}, False),
    ("zonder filter, vertrouwelijk zichtbaar", {}, True),
    ("kanaal", {"kanaal": "Telefoon"}, False),
    ("vertrouwelijk=true", {"vertrouwelijk": True}, True),
    ("vertrouwelijk=false", {"vertrouwelijk": False}, False),
    ("indicatieContactGelukt", {"indicatieContactGelukt": True}, False),
    ("nummer", {"nummer": "0000012345"}, False),
    ("referentienummer", {"referentienummer": "FORM-1"}, False),
    ("referentienummer leeg", {"referentienummer": ""}, False),
    ("plaatsgevondenOp", {"plaatsgevondenOp": datetime(2026, 1, 5, 9, 30, tzinfo=UTC)}, False),
]
OFFSET = 2500  # page 26 of 100


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _question_scans(node: dict) -> list[str]:
    """The scans of contacts_question in a JSON plan, outermost first."""
    found = []
    if node.get("Relation Name") == "contacts_question":
        found.append(f"{node['Node Type']} {node.get('Index Name', '')}".strip())
    for child in node.get("Plans", []):
        found.extend(_question_scans(child))
    return found


def main() -> int:
    ensure_bench_database()
    os.environ.update(server_env(BENCH_URL))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection

    from voorkant.klantinteracties.api.klantcontact_pg import pg_page_sql
    from voorkant.klantinteracties.api.klantcontact_rows import page_conditions

    rows = []
    failed = False
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        mode = cursor.fetchone()[0]
        for label, filters, confidential in SHAPES:
            where, params = page_conditions(sees_confidential=confidential, filters=filters)
            sql = pg_page_sql(tuple(where), not filters, confidential, 101)
            params = {**params, "base": "http://bench/klantinteracties/api/v1/", "offset": OFFSET}
            names: list[str] = []

            def placeholder(match, names=names) -> str:
                if match.group(1) not in names:
                    names.append(match.group(1))
                return f"${names.index(match.group(1)) + 1}"

            text = re.sub(r"%\((\w+)\)s", placeholder, sql).replace("%%", "%")
            cursor.execute("DEALLOCATE ALL")
            cursor.execute(f"PREPARE plan_check AS {text}")
            values = ", ".join(_literal(params[name]) for name in names)
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE plan_check({values})")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            scans = _question_scans(plan[0]["Plan"])
            seq = any(scan.startswith("Seq Scan") for scan in scans)
            failed = failed or seq
            rows.append(
                {
                    "shape": label,
                    "finds_page_with": scans[0] if scans else "-",
                    "execution_ms": round(plan[0]["Execution Time"], 2),
                    "sequential_scan": seq,
                }
            )
        cursor.execute("DEALLOCATE ALL")
    print(f"plan_cache_mode: {mode}; offset {OFFSET}, page size 100")
    for row in rows:
        flag = "  SEQUENTIAL SCAN" if row["sequential_scan"] else ""
        print(f"{row['shape']:<40} {row['finds_page_with']:<55} {row['execution_ms']:>8} ms{flag}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = {"plan_cache_mode": mode, "shapes": rows}
    (RESULTS / "klantinteracties_plans.json").write_text(json.dumps(out, indent=1, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
