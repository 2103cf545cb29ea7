"""Klantbeeld: GET /klanten/<party uuid>/ (first page) of a party with exactly 200 questions, 1M questions.

Target: p95 <= 50 ms; worker RSS <= 150 MB. Run: .venv/bin/python bench/bench_klantbeeld.py
"""

from __future__ import annotations

from harness import Client, Server, ensure_bench_database, measure, pg_connect, report

TARGET_P95_MS = 50
TARGET_RSS_MB = 150
PARTY_QUESTIONS = 200


def bench_party_uuid() -> str:
    """A party with exactly 200 questions; the generator makes a few (see voorkant/demo/plan.py)."""
    with pg_connect() as conn:
        row = conn.execute(
            """
            SELECT p.uuid FROM parties_party p WHERE p.id = (
                SELECT party_id FROM contacts_involvement WHERE party_id IS NOT NULL
                GROUP BY party_id HAVING count(*) = %s ORDER BY party_id LIMIT 1)
            """,
            [PARTY_QUESTIONS],
        ).fetchone()
    if row is None:
        raise SystemExit(f"No party with exactly {PARTY_QUESTIONS} questions in the bench database.")
    return str(row[0])


def main() -> None:
    database = ensure_bench_database()
    party = bench_party_uuid()
    with Server() as server:
        client = Client(server.port)
        client.login("kcc")
        # The floor of the stack (gunicorn, middleware, one query), to read the klantbeeld figure against.
        baseline = measure(lambda i: client.request("GET", "/health")[0], requests=300, warmup=30)
        baseline_row = {"label": "GET /health (ondergrens: 1 query)", **baseline}
        path = f"/klanten/{party}/"
        status, _, _ = client.request("GET", path)
        if status == 404:
            report(
                "klantbeeld",
                [
                    baseline_row,
                    {
                        "label": "GET klantbeeld",
                        "note": "overgeslagen: /klanten/<uuid>/ bestaat niet in deze build",
                    },
                ],
                {"database": database, "workers": server.worker_memory_mb()},
            )
            return
        result = measure(lambda i: client.request("GET", path)[0], requests=300, warmup=30)
        memory = server.worker_memory_mb()
    row = {"label": "GET /klanten/<uuid>/ (200 vragen, 1e pagina)", **result, "target_p95_ms": TARGET_P95_MS}
    report(
        "klantbeeld",
        [baseline_row, row],
        {
            "database": database,
            "workers": memory,
            "target_rss_mb": TARGET_RSS_MB,
            "meets_targets": result["p95_ms"] <= TARGET_P95_MS
            and all(w["rss_mb"] <= TARGET_RSS_MB for w in memory),
        },
    )
    if set(result["statuses"]) != {200}:
        raise SystemExit(f"unexpected statuses: {result['statuses']}")


if __name__ == "__main__":
    main()
