"""Registration: POST /werkplek/<draft>/afronden/ of an identified caller's one-question conversation.

Each timed request registers a conversation through the agent workspace, including its processing-log
writes. The draft is prepared untimed before each request: POST /werkplek/nieuw/ (a new draft) and
POST /werkplek/<draft>/klant/ (the caller: a stored party). Target: p95 <= 30 ms.
Run: .venv/bin/python bench/bench_registration.py
"""

from __future__ import annotations

import re

from harness import Client, Server, ensure_bench_database, measure, pg_connect, report

TARGET_P95_MS = 30
TARGET_RSS_MB = 150
DRAFT_PATH = re.compile(r"/werkplek/([0-9a-f-]{36})/")


def caller_parties(count: int) -> list[str]:
    """Stored parties other than the klantbeeld bench parties (so their 200 questions stay 200)."""
    with pg_connect() as conn:
        rows = conn.execute(
            """
            SELECT p.uuid FROM parties_party p WHERE p.id IN (
                SELECT party_id FROM contacts_involvement WHERE party_id IS NOT NULL
                GROUP BY party_id HAVING count(*) <> 200)
            ORDER BY p.number LIMIT %s
            """,
            [count],
        ).fetchall()
    return [str(r[0]) for r in rows]


def new_draft(client: Client, party: str) -> str | None:
    status, response, _ = client.request("POST", "/werkplek/nieuw/", {"channel": "telefoon"})
    match = DRAFT_PATH.search(response.headers.get("Location", ""))
    if status != 302 or match is None:
        return None
    draft = match.group(1)
    status, _, _ = client.request(
        "POST", f"/werkplek/{draft}/klant/", {"party_uuid": party}, headers={"HX-Request": "true"}
    )
    return draft if status == 200 else None


def main() -> None:
    database = ensure_bench_database()
    parties = caller_parties(50)
    with Server() as server:
        client = Client(server.port)
        client.login("kcc")
        if new_draft(client, parties[0]) is None:
            report(
                "registratie",
                [
                    {
                        "label": "POST afronden",
                        "note": "overgeslagen: de werkplek-endpoints ontbreken in deze build",
                    }
                ],
                {"database": database, "workers": server.worker_memory_mb()},
            )
            return

        def prepare(i: int) -> str:
            draft = new_draft(client, parties[i % len(parties)])
            if draft is None:
                raise SystemExit("could not prepare a draft")
            return draft

        def register(draft: str) -> int:
            status, _, _ = client.request(
                "POST",
                f"/werkplek/{draft}/afronden/",
                {
                    "channel": "telefoon",
                    "q-0-subject": "Paspoort aanvragen: afspraak maken",
                    "q-0-outcome": "zelfstandig-afgehandeld",
                    "q-0-note": "Afspraak gemaakt via de website.",
                },
            )
            return status

        result = measure(register, requests=300, warmup=20, prepare=prepare)
        memory = server.worker_memory_mb()
    row = {"label": "POST /werkplek/<concept>/afronden/ (1 vraag)", **result, "target_p95_ms": TARGET_P95_MS}
    report(
        "registratie",
        [row],
        {
            "database": database,
            "workers": memory,
            "target_rss_mb": TARGET_RSS_MB,
            "meets_targets": result["p95_ms"] <= TARGET_P95_MS
            and all(w["rss_mb"] <= TARGET_RSS_MB for w in memory),
        },
    )
    if set(result["statuses"]) != {302}:
        raise SystemExit(f"unexpected statuses: {result['statuses']}")


if __name__ == "__main__":
    main()
