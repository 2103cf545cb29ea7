"""Server time of the klantbeeld GET and the caller search POST on PostgreSQL with many questions.

Usage (PostgreSQL only; fills the database named in DATABASE_URL once, then reuses it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/voorkant_bench SECRET_KEY=x PROCESSING_LOG_KEY=y \
        .venv/bin/python bench/klantbeeld.py --questions 1000000 --requests 300

The generator here is deliberately minimal (COPY of conversations, questions and involvements, one target
party with 200 questions); it skips every service rule. Timings are taken around Django's test client
in-process, so they are server time without network, including the processing-log write of each view.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voorkant.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

TARGET_BSN = "999993653"
TARGET_QUESTIONS = 200
PARTIES = 50_000


def _copy(table: str, columns: list[str], rows) -> None:
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def generate(*, questions: int, seed: int) -> None:
    from voorkant.contacts.models import Channel, Outcome, Question
    from voorkant.parties.models import Party
    from voorkant.parties.services import party_for_caller

    if Question.objects.count() >= questions:
        return
    rng = random.Random(seed)
    print(f"Genereren: {questions} vragen ...", flush=True)
    target = party_for_caller(bsn=TARGET_BSN)
    Party.objects.bulk_create(
        [
            Party(number=f"8{i:09d}", kind="persoon", surname=f"Naam{i}", first_name="Bench")
            for i in range(PARTIES)
        ],
        batch_size=5000,
    )
    party_ids = list(Party.objects.exclude(pk=target.pk).values_list("pk", flat=True))
    channels = list(Channel.objects.values_list("pk", flat=True))
    outcomes = list(Outcome.objects.values_list("pk", flat=True))
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    target_rows = set(rng.sample(range(questions), TARGET_QUESTIONS))
    times = [start + datetime.timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(questions)]

    _copy(
        "contacts_conversation",
        ["id", "uuid", "channel_id", "started_at", "ended_at", "registered_at"],
        (
            (i + 1, uuid.UUID(int=rng.getrandbits(128)), channels[i % len(channels)], t, t, t)
            for i, t in enumerate(times)
        ),
    )
    _copy(
        "contacts_question",
        [
            "id",
            "uuid",
            "number",
            "conversation_id",
            "channel_id",
            "occurred_at",
            "subject",
            "note",
            "response",
        ]
        + ["outcome_id", "answer_found", "further_action_taken", "language", "is_confidential"],
        (
            (i + 1, uuid.UUID(int=rng.getrandbits(128)), f"B{i:09d}", i + 1, channels[i % len(channels)], t)
            + (f"Vraag {i}", "", "", outcomes[i % len(outcomes)], False, False, "nld", False)
            for i, t in enumerate(times)
        ),
    )
    _copy(
        "contacts_involvement",
        ["id", "uuid", "question_id", "party_id", "role", "is_initiator", "organisation_name", "initials"]
        + ["first_name", "surname_prefix", "surname", "occurred_at"],
        (
            (i + 1, uuid.UUID(int=rng.getrandbits(128)), i + 1)
            + (target.pk if i in target_rows else (rng.choice(party_ids) if i % 10 < 7 else None),)
            + ("klant", True, "", "", "", "", "", t)
            for i, t in enumerate(times)
        ),
    )
    with connection.cursor() as cursor:
        for table in ["contacts_conversation", "contacts_question", "contacts_involvement"]:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
            cursor.execute(f"VACUUM ANALYZE {table}")


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    q = statistics.quantiles(ms, n=100)
    return f"p50 {q[49]:.1f} ms · p95 {q[94]:.1f} ms · p99 {q[98]:.1f} ms · n={len(ms)}"


def timed(func, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        response = func()
        samples.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Deze meting is voor PostgreSQL.")
    call_command("migrate", verbosity=0)
    generate(questions=args.questions, seed=args.seed)

    from voorkant.organisation.models import User
    from voorkant.organisation.roles import Role
    from voorkant.organisation.services import user_create
    from voorkant.parties.models import AddressKind, Party
    from voorkant.parties.services import digital_address_add

    user = User.objects.filter(username="bench-kcc").first() or user_create(
        username="bench-kcc", password="bench-wachtwoord", roles=[Role.AGENT]
    )
    target = Party.objects.get(identifiers__value=TARGET_BSN)
    digital_address_add(party=target, kind=AddressKind.PHONE, address="0612345678", keep=True)
    client = Client()
    client.force_login(user)
    url = f"/klanten/{target.uuid}/"
    count = target.involvements.count()
    for _ in range(10):  # warm caches and connections
        client.get(url)
    print(f"Vragen in database: {args.questions}; vragen van de partij: {count}")
    print("klantbeeld GET (pagina 1):    " + percentiles(timed(lambda: client.get(url), args.requests)))
    print(
        "klantbeeld GET (pagina 8):    "
        + percentiles(timed(lambda: client.get(url, {"pagina": 8}), args.requests))
    )
    print(
        "zoeken POST (telefoonnummer): "
        + percentiles(timed(lambda: client.post("/klanten/zoeken/", {"q": "06 12 34 56 78"}), args.requests))
    )
    print(
        "zoeken POST (BSN):            "
        + percentiles(timed(lambda: client.post("/klanten/zoeken/", {"q": TARGET_BSN}), args.requests))
    )
    rss = int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0]) // 1024
    print(f"RSS van dit proces na de metingen: {rss} MB")


if __name__ == "__main__":
    main()
