"""Rollup maintenance on PostgreSQL: the full rebuild from raw questions, and one incremental update.

Raw conversations and questions (with customers, phone numbers and transfers) are bulk-inserted for a year,
then `rollups_rebuild()` is timed over the whole set, and `rollup_question_registered` for single questions
(what the platform's subscriber job runs after each registration).

    .venv/bin/python bench/bench_dashboard_rebuild.py --questions 200000
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta

from _setup import configure, percentiles


def generate(questions: int, seed: int) -> list[int]:
    from django.db import connection
    from django.utils import timezone

    from voorkant.catalogue.models import Product
    from voorkant.contacts.models import Channel, Conversation, Involvement, Outcome, Question, Transfer
    from voorkant.dashboard.facts import local_zone
    from voorkant.organisation.models import Actor, Domain
    from voorkant.organisation.services import domain_create, employee_create, team_create
    from voorkant.parties.models import AddressKind, DigitalAddress, Party, PartyKind

    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE contacts_transfer, parties_digitaladdress, contacts_involvement, contacts_question, "
            "contacts_conversation, dashboard_questionfact CASCADE"
        )
    domains = []
    for index in range(5):
        code = f"bench-domein-{index}"
        domains.append(
            Domain.objects.filter(code=code).first() or domain_create(code=code, name=f"Benchdomein {index}")
        )
    kcc = Domain.objects.filter(code="bench-kcc").first() or domain_create(code="bench-kcc", name="Bench KCC")
    agents = list(Actor.objects.filter(employee__name__startswith="Benchagent"))
    if not agents:
        team = team_create(domain=kcc, name="Bench KCC-team", is_front_office=True)
        agents = [employee_create(name=f"Benchagent {i}", teams=[team]).actor for i in range(20)]
    products = list(Product.objects.filter(name__startswith="Rebuildproduct"))
    if not products:
        Product.objects.bulk_create(
            [Product(name=f"Rebuildproduct {i}", owner_domain=domains[i % 5]) for i in range(80)]
        )
        products = list(Product.objects.filter(name__startswith="Rebuildproduct"))
    parties = list(Party.objects.filter(number__startswith="B"))
    if not parties:
        Party.objects.bulk_create(
            [
                Party(number=f"B{i:08d}", kind=PartyKind.PERSON, surname="Bench")
                for i in range(max(1000, questions // 10))
            ]
        )
        parties = list(Party.objects.filter(number__startswith="B"))
    channels = list(Channel.objects.all())
    outcomes = list(Outcome.objects.all())
    zone = local_zone()
    end = timezone.localdate()
    began = time.monotonic()
    ids: list[int] = []
    batch = 5000
    for offset in range(0, questions, batch):
        size = min(batch, questions - offset)
        conversations = []
        for _ in range(size):
            day = end - timedelta(days=rng.randrange(365))
            start = datetime(
                day.year, day.month, day.day, rng.randrange(8, 18), rng.randrange(60), tzinfo=zone
            )
            conversations.append(
                Conversation(
                    channel=rng.choice(channels),
                    agent=rng.choice(agents),
                    started_at=start,
                    ended_at=start + timedelta(seconds=rng.randrange(60, 900)),
                )
            )
        Conversation.objects.bulk_create(conversations)
        created = Question.objects.bulk_create(
            [
                Question(
                    number=f"Q{offset + i:09d}",
                    conversation=c,
                    channel=c.channel,
                    occurred_at=c.started_at,
                    subject="Benchvraag",
                    product=rng.choice(products) if rng.random() < 0.9 else None,
                    outcome=rng.choice(outcomes),
                    answer_found=rng.random() < 0.4,
                )
                for i, c in enumerate(conversations)
            ]
        )
        involvements = [
            Involvement(
                question=q,
                party=rng.choice(parties) if rng.random() < 0.6 else None,
                occurred_at=q.occurred_at,
            )
            for q in created
            if rng.random() < 0.8
        ]
        Involvement.objects.bulk_create(involvements)
        DigitalAddress.objects.bulk_create(
            [
                DigitalAddress(
                    involvement=inv,
                    kind=AddressKind.PHONE,
                    address="06",
                    normalized=f"+316{rng.randrange(questions // 5):08d}",
                )
                for inv in involvements
                if inv.party_id is None
            ]
        )
        Transfer.objects.bulk_create(
            [
                Transfer(question=q, connected=rng.random() < 0.8, reached_right_person=rng.random() < 0.6)
                for q in created
                if rng.random() < 0.1
            ]
        )
        ids.extend(q.id for q in created)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated {questions:,} raw questions in {time.monotonic() - began:.0f} s")
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--incremental", type=int, default=200)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--skip-generate", action="store_true", help="reuse the raw questions already there")
    args = parser.parse_args()
    configure("voorkant_dashboard")
    from voorkant.dashboard.services import rollup_question_registered, rollups_rebuild

    if args.skip_generate:
        from voorkant.contacts.models import Question

        ids = list(Question.objects.values_list("id", flat=True))
        args.questions = len(ids)
    else:
        ids = generate(args.questions, args.seed)
    durations = []
    for _ in range(args.runs):
        result = rollups_rebuild()
        durations.append(result.seconds)
        print(f"rebuild: {result.facts:,} facts, rows {result.rows}, {result.seconds:.1f} s")
    rate = args.questions / min(durations)
    print(
        f"full rebuild of {args.questions:,} questions: best {min(durations):.1f} s ({rate:,.0f} questions/s)"
    )
    rng = random.Random(args.seed)
    samples = []
    for question_id in rng.sample(ids, args.incremental):
        began = time.perf_counter()
        rollup_question_registered(question_id=question_id)
        samples.append((time.perf_counter() - began) * 1000)
    print(f"incremental rollup_question_registered  {percentiles(samples)}")


if __name__ == "__main__":
    main()
