"""Follow-ups: the back-office inbox of a team with 5,000 open follow-ups, and making a follow-up by HTTP.

(a) GET /vervolgacties/ as `backoffice` (the team view, first page of 50) while the team "Werk en Inkomen"
    has exactly 5,000 open follow-ups among the bench database's 1,000,000 questions. Target: p95 <= 50 ms.
(b) POST /vervolgacties/nieuw/<question>/ as `kcc`: the werkplek's follow-up form, a callback with an e-mail
    address, including routing, the deadline on the working-day calendar, the log line, the processing log,
    the team's notifications and the customer's e-mail in the outbox. Each question is prepared untimed
    through the werkplek (a new draft, the caller, "Gesprek afronden" with the outcome vervolgactie).
    Target: p95 <= 40 ms. The route, deadline and promise shown in the form are worked out when the form is
    shown: (c) GET /vervolgacties/nieuw/<question>/ is measured beside it (no target of its own).
All report the gunicorn workers' CPU per request (from /proc), steadier than wall time on a loaded machine.

Run: .venv/bin/python bench/bench_followups.py. It changes the bench database: it tops the team up to 5,000
open follow-ups once (idempotent: later runs add none) and adds one follow-up per timed create, routed to
another team ("Schuldhulpverlening"), so the inbox team stays at 5,000. Set BENCH_DATABASE_URL to use a copy.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness import (
    Client,
    Server,
    ensure_bench_database,
    manage,
    measure,
    pg_connect,
    process_cpu_seconds,
    report,
)

INBOX_TARGET_P95_MS = 50
CREATE_TARGET_P95_MS = 40
OPEN_TASKS = 5000
INBOX_TEAM = "Werk en Inkomen"
CREATE_TEAM = "Schuldhulpverlening"
REQUESTS = 300
FORM_REQUESTS = 100
FOLLOWUP_PATH = re.compile(r"/vervolgacties/nieuw/([0-9a-f-]{36})/")
DRAFT_PATH = re.compile(r"/werkplek/([0-9a-f-]{36})/")

# Tops the inbox team up to OPEN_TASKS open follow-ups on existing follow-up questions of the bench database,
# written in bulk (going through followup_create 5,000 times would only slow the set-up). Seeded: the same
# deadlines, states and priorities every time. Numbers continue the service's own numeric series.
PREPARE = f"""
import random
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from voorkant.contacts.models import Question
from voorkant.followups.models import FollowupLogEntry, FollowupState, InternalTask, LogKind, TaskStatus
from voorkant.organisation.models import Actor, Employee, Team

team = Team.objects.get(name={INBOX_TEAM!r})
missing = {OPEN_TASKS} - InternalTask.objects.filter(team=team, resolved_at__isnull=True).count()
if missing > 0:
    rng = random.Random(5)
    now = timezone.now()
    actor = Actor.objects.get(team=team)
    members = list(Employee.objects.filter(memberships__team=team).order_by("pk"))
    questions = list(
        Question.objects.filter(outcome__code="vervolgactie", internal_tasks__isnull=True)
        .order_by("pk").values_list("pk", "subject")[:missing]
    )
    highest = InternalTask.objects.filter(number__regex=r"^[0-9]{{10}}$").order_by("-number").first()
    number = int(highest.number) if highest else 0
    tasks = []
    for question_id, subject in questions:
        number += 1
        created = now - timedelta(hours=rng.randint(1, 24 * 20))
        deadline = now + timedelta(hours=rng.randint(-24 * 6, 24 * 10))
        state = rng.choices(
            [FollowupState.NEW, FollowupState.IN_PROGRESS, FollowupState.WAITING], [5, 4, 1]
        )[0]
        tasks.append(InternalTask(
            number=str(number).zfill(10), question_id=question_id, kind="terugbelverzoek",
            requested_action=("Klant terugbellen over: " + subject)[:200],
            customer_told="Wij bellen u binnen drie werkdagen terug.",
            contact_phone="06 %08d" % rng.randint(0, 99999999), priority=rng.choice([0, 1, 1, 1, 2]),
            domain_id=team.domain_id, team=team,
            assignee=rng.choice(members) if state != FollowupState.NEW and members else None,
            state=state, status=TaskStatus.TO_PROCESS, created_at=created, assigned_at=created,
            norm_amount=3, norm_unit="werkdagen", deadline_at=deadline,
            very_late_at=deadline + timedelta(days=6),
            paused_at=now - timedelta(hours=2) if state == FollowupState.WAITING else None,
        ))
    with transaction.atomic():
        InternalTask.objects.bulk_create(tasks, batch_size=1000)
        Through = InternalTask.assigned_to.through
        Through.objects.bulk_create([Through(internaltask_id=t.pk, actor_id=actor.pk) for t in tasks])
        FollowupLogEntry.objects.bulk_create([
            FollowupLogEntry(task=t, kind=LogKind.CREATED, at=t.created_at, actor_label="bench",
                             text="Benchmark", domain_id=t.domain_id, team_id=team.pk)
            for t in tasks
        ])
    print("added", len(tasks))
from django.db import connection
connection.cursor().execute("ANALYZE followups_internaltask")
"""


def team_ids() -> dict[str, tuple[int, int]]:
    with pg_connect() as conn:
        rows = conn.execute(
            "SELECT name, id, domain_id FROM organisation_team WHERE name IN (%s, %s)",
            [INBOX_TEAM, CREATE_TEAM],
        ).fetchall()
        open_count = conn.execute(
            """SELECT count(*) FROM followups_internaltask t JOIN organisation_team m ON m.id = t.team_id
               WHERE m.name = %s AND t.resolved_at IS NULL""",
            [INBOX_TEAM],
        ).fetchone()[0]
    return {name: (pk, domain) for name, pk, domain in rows}, open_count


def caller_parties(count: int) -> list[str]:
    """Stored parties other than the klantbeeld bench parties (so their 200 questions stay 200)."""
    with pg_connect() as conn:
        rows = conn.execute(
            """
            SELECT p.uuid FROM parties_party p WHERE p.id IN (
                SELECT party_id FROM contacts_involvement WHERE party_id IS NOT NULL
                GROUP BY party_id HAVING count(*) <> 200)
            ORDER BY p.number DESC LIMIT %s
            """,
            [count],
        ).fetchall()
    return [str(r[0]) for r in rows]


def measured(server: Server, call, *, prepare=None, **kwargs) -> dict:
    """measure() plus the workers' CPU per timed request. The untimed preparation runs on the same workers,
    so the CPU it takes is subtracted."""
    pids = server.worker_pids()
    spent_preparing = 0.0

    def prepare_untimed(i: int):
        nonlocal spent_preparing
        before = process_cpu_seconds(pids)
        value = prepare(i)
        spent_preparing += process_cpu_seconds(pids) - before
        return value

    before = process_cpu_seconds(pids)
    result = measure(call, prepare=prepare_untimed if prepare else None, **kwargs)
    cpu = process_cpu_seconds(pids) - before - spent_preparing
    # warm-up requests run on the same workers: count them too, so CPU is per request actually served
    served = kwargs.get("requests", REQUESTS) + kwargs.get("warmup", 20)
    return {**result, "worker_cpu_ms_per_request": round(cpu / served * 1000, 2)}


def followup_question(client: Client, party: str) -> str:
    """A new question with the outcome vervolgactie, registered through the werkplek (untimed)."""
    status, response, _ = client.request("POST", "/werkplek/nieuw/", {"channel": "telefoon"})
    draft = DRAFT_PATH.search(response.headers.get("Location", ""))
    if status != 302 or draft is None:
        raise SystemExit(f"could not start a draft ({status})")
    draft = draft.group(1)
    client.request("POST", f"/werkplek/{draft}/klant/", {"party_uuid": party}, headers={"HX-Request": "true"})
    status, response, _ = client.request(
        "POST",
        f"/werkplek/{draft}/afronden/",
        {
            "channel": "telefoon",
            "q-0-subject": "Betalingsachterstand: hulp bij schulden",
            "q-0-outcome": "vervolgactie",
            "q-0-note": "Klant wil een afspraak met schuldhulpverlening.",
        },
    )
    match = FOLLOWUP_PATH.search(response.headers.get("Location", ""))
    if status != 302 or match is None:
        raise SystemExit(f"registering did not lead to the follow-up form ({status})")
    # The agent's browser follows that redirect, and the page shown consumes the flash messages; this client
    # does not follow redirects, so it drops them itself, or every later request would carry (and Django
    # decode) a growing messages cookie.
    client.cookies.pop("messages", None)
    return match.group(1)


def main() -> None:
    database = ensure_bench_database()
    added = manage("shell", "-c", PREPARE).strip()
    teams, open_count = team_ids()
    create_team, create_domain = teams[CREATE_TEAM]
    parties = caller_parties(50)
    with Server() as server:
        client = Client(server.port)
        client.login("backoffice")
        inbox = measured(
            server, lambda i: client.request("GET", "/vervolgacties/")[0], requests=REQUESTS, warmup=30
        )
        agent = Client(server.port)
        agent.login("kcc")

        def prepare(i: int) -> str:
            return followup_question(agent, parties[i % len(parties)])

        def create(question: str) -> int:
            status, _, _ = agent.request(
                "POST",
                f"/vervolgacties/nieuw/{question}/",
                {
                    "kind": "terugbelverzoek",
                    "requested_action": "Klant terugbellen over een betalingsregeling",
                    "customer_told": "Wij bellen u binnen twee werkdagen terug.",
                    "explanation": "Klant belt vanaf het werk, liefst na 16 uur.",
                    "contact_name": "J. de Vries",
                    "contact_phone": "06 12345678",
                    "contact_email": "klant@voorbeeld.invalid",
                    "callback_window": "middag (12–17 uur)",
                    "priority": "1",
                    "domain": create_domain,
                    "team": create_team,
                },
            )
            return status

        created = measured(server, create, requests=REQUESTS, warmup=20, prepare=prepare)
        # The form as the agent first sees it: the route (rules, product defaults), the deadline on the
        # working-day calendar and the promise are worked out here; the POST above carries the chosen route.
        shown = measured(
            server,
            lambda question: agent.request("GET", f"/vervolgacties/nieuw/{question}/")[0],
            requests=FORM_REQUESTS,
            warmup=10,
            prepare=prepare,
        )
        memory = server.worker_memory_mb()
    rows = [
        {
            "label": f"GET /vervolgacties/ (team, {open_count} open)",
            **inbox,
            "target_p95_ms": INBOX_TARGET_P95_MS,
        },
        {"label": "POST /vervolgacties/nieuw/<vraag>/", **created, "target_p95_ms": CREATE_TARGET_P95_MS},
        {"label": "GET /vervolgacties/nieuw/<vraag>/ (formulier)", **shown},
    ]
    report(
        "vervolgacties",
        rows,
        {
            "database": database,
            "prepare": added,
            "open_in_inbox_team": open_count,
            "worker_cpu_ms_per_request": {
                "inbox": inbox["worker_cpu_ms_per_request"],
                "create": created["worker_cpu_ms_per_request"],
                "form": shown["worker_cpu_ms_per_request"],
            },
            "load_average": Path("/proc/loadavg").read_text().split()[:3],
            "workers": memory,
            "meets_targets": inbox["p95_ms"] <= INBOX_TARGET_P95_MS
            and created["p95_ms"] <= CREATE_TARGET_P95_MS,
        },
    )
    if (
        set(inbox["statuses"]) != {200}
        or set(created["statuses"]) != {302}
        or set(shown["statuses"]) != {200}
    ):
        raise SystemExit(
            f"unexpected statuses: {inbox['statuses']} {created['statuses']} {shown['statuses']}"
        )


if __name__ == "__main__":
    main()
