"""Generate a year of demo conversations, deterministic per seed and fast enough for a million questions.

Two passes, one random.Random(seed) throughout:
1. plan: every conversation's start, number of questions, channel and whether the caller was identified;
   sorted by start so question numbers follow time; then which test person each identified caller is.
2. rows: conversations, questions, involvements and transfers streamed in chunks to the bulk writer.
Parties are created only for the test persons who appear in the plan (a party exists once someone had
contact). The small organisation goes through the ordinary services first (organisation.py).
"""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import transaction

from voorkant.catalogue.models import ProtocolVersion
from voorkant.contacts.models import (
    Channel,
    Conversation,
    Involvement,
    Outcome,
    OutcomeCategory,
    Question,
    Transfer,
)
from voorkant.demo import content
from voorkant.demo.followups import write_followups
from voorkant.demo.organisation import DemoOrganisation, build_organisation
from voorkant.demo.people import create_parties
from voorkant.demo.plan import Plan, Weighted, make_plan, new_uuid
from voorkant.demo.timeline import DEFAULT_UNTIL, ArrivalSampler
from voorkant.demo.writers import BulkWriter, bulk_load
from voorkant.privacy.models import Channel as LogChannel
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

QUESTION_PREFIX = "D"  # demo question numbers D000000001..; the contacts service numbers differently
CHUNK = 20_000  # conversations per bulk write

CONVERSATION_FIELDS = ("id", "uuid", "channel", "agent", "started_at", "ended_at", "registered_at")
QUESTION_FIELDS = (
    "id",
    "uuid",
    "number",
    "conversation",
    "channel",
    "occurred_at",
    "subject",
    "note",
    "response",
    "product",
    "protocol_version",
    "outcome",
    "answer_found",
    "contact_succeeded",
    "further_action_taken",
    "language",
    "is_confidential",
)
INVOLVEMENT_FIELDS = (
    "id",
    "uuid",
    "question",
    "party",
    "role",
    "is_initiator",
    "organisation_name",
    "initials",
    "first_name",
    "surname_prefix",
    "surname",
    "occurred_at",
)
TRANSFER_FIELDS = (
    "id",
    "uuid",
    "question",
    "target_actor",
    "target_label",
    "connected",
    "reached_right_person",
    "wait_seconds",
    "created_at",
)


def generate(*, contacts: int, seed: int, until: date = DEFAULT_UNTIL) -> dict[str, float]:
    """Create the demo organisation and `contacts` questions in one transaction; returns counts, seconds."""
    started = time.monotonic()
    rng = random.Random(seed)
    with transaction.atomic():
        organisation = build_organisation(rng=rng)
        sampler = ArrivalSampler(until=until, time_zone=settings.TIME_ZONE)
        channel_ids = dict(Channel.objects.values_list("code", "id"))
        plan = make_plan(rng=rng, contacts=contacts, sampler=sampler, channel_codes=set(channel_ids))
        parties = create_parties(rng=rng, plan=plan)
        with bulk_load([Conversation, Question, Involvement, Transfer], rows=contacts):
            counts = _write_conversations(
                rng=rng, plan=plan, organisation=organisation, sampler=sampler, parties=parties
            )
        writer = BulkWriter()
        counts["followups"] = write_followups(rng=rng, writer=writer, until=until)
        writer.finish()
        processing_log_write(
            actor_label="generate_demo_data",
            channel=LogChannel.COMMAND,
            activity=ProcessingActivity.CUSTOMER_CONTACT,
            purpose="Demogegevens aanmaken met fictieve testpersonen",
            action="demo.genereren",
            subjects=[Subject("partij", str(party_id)) for party_id, _ in parties.values()],
        )
    counts["parties"] = len(parties)
    counts["seconds"] = round(time.monotonic() - started, 2)
    return counts


def _write_conversations(*, rng, plan: Plan, organisation: DemoOrganisation, sampler, parties) -> dict:
    writer = BulkWriter()
    ids = {model: writer.next_id(model) for model in (Conversation, Question, Involvement, Transfer)}
    channel_ids = dict(Channel.objects.values_list("code", "id"))
    outcomes = {
        code: (pk, category) for code, pk, category in Outcome.objects.values_list("code", "id", "category")
    }
    outcome_mix = [(outcomes[code], weight) for code, weight in content.OUTCOME_MIX if code in outcomes]
    pick_outcome = Weighted([o for o, _ in outcome_mix], [w for _, w in outcome_mix])
    products = [(organisation.product_ids[p.name], p) for p in content.PRODUCTS]
    pick_product = Weighted([None, *products], [content.NO_PRODUCT_WEIGHT, *(p.weight for _, p in products)])
    agents = organisation.agent_actor_ids
    transfer_targets = [t for teams in organisation.team_actors_by_domain.values() for t in teams]
    version = ProtocolVersion.objects.filter(protocol__code="standaard").order_by("-number").first()
    version_id = version.id if version else None
    first = dict(ids)
    number = Question.objects.filter(number__startswith=QUESTION_PREFIX).count() + 1
    utc = UTC

    for chunk_start in range(0, len(plan.conversations), CHUNK):
        conversations, questions, involvements, transfers = [], [], [], []
        for start, count, channel_code, person in plan.conversations[chunk_start : chunk_start + CHUNK]:
            conversation_id = ids[Conversation]
            ids[Conversation] += 1
            channel_id = channel_ids[channel_code]
            party = parties.get(person) if person >= 0 else None
            moment = start
            for _ in range(count):
                product = pick_product.pick(rng)
                if product is None:
                    product_id, subject, notes, domain = (
                        None,
                        rng.choice(content.NO_PRODUCT_SUBJECTS),
                        (),
                        None,
                    )
                else:
                    product_id, spec = product
                    subject, notes, domain = rng.choice(spec.subjects), spec.notes, spec.domain
                (outcome_id, category) = pick_outcome.pick(rng)
                note = rng.choice(notes or content.GENERIC_NOTES) if rng.random() < content.NOTE_SHARE else ""
                resolved = category == OutcomeCategory.RESOLVED
                occurred = datetime.fromtimestamp(moment, tz=utc)
                question_id = ids[Question]
                ids[Question] += 1
                questions.append(
                    (
                        question_id,
                        new_uuid(rng),
                        f"{QUESTION_PREFIX}{number:09d}",
                        conversation_id,
                        channel_id,
                        occurred,
                        subject,
                        note,
                        "",
                        product_id,
                        version_id,
                        outcome_id,
                        rng.random() < (0.7 if resolved else 0.3),
                        category != OutcomeCategory.DISCONNECTED,
                        category == OutcomeCategory.FOLLOW_UP,
                        "nld",
                        domain == "sociaal-domein" and rng.random() < 0.3,
                    )
                )
                number += 1
                duration = sampler.duration(rng)
                if party is not None:
                    involvements.append(
                        (ids[Involvement], new_uuid(rng), question_id, party[0], "klant", True, "", *party[1])
                        + (occurred,)
                    )
                    ids[Involvement] += 1
                if category == OutcomeCategory.TRANSFERRED:
                    targets = organisation.team_actors_by_domain.get(domain or "") or transfer_targets
                    target_id, label = rng.choice(targets)
                    connected = rng.random() < content.TRANSFER_CONNECTED_SHARE
                    right = (rng.random() < content.TRANSFER_RIGHT_PERSON_SHARE) if connected else None
                    wait = rng.randint(5, 180)
                    transfers.append(
                        (ids[Transfer], new_uuid(rng), question_id, target_id, label, connected, right, wait)
                        + (datetime.fromtimestamp(moment + duration, tz=utc),)
                    )
                    ids[Transfer] += 1
                    duration += wait
                moment += duration
            conversations.append(
                (
                    conversation_id,
                    new_uuid(rng),
                    channel_id,
                    rng.choice(agents),
                    datetime.fromtimestamp(start, tz=utc),
                    datetime.fromtimestamp(moment, tz=utc),
                    datetime.fromtimestamp(moment + rng.randint(5, 120), tz=utc),
                )
            )
        writer.write(Conversation, CONVERSATION_FIELDS, conversations)
        writer.write(Question, QUESTION_FIELDS, questions)
        writer.write(Involvement, INVOLVEMENT_FIELDS, involvements)
        writer.write(Transfer, TRANSFER_FIELDS, transfers)
    writer.finish()
    return {model._meta.model_name + "s": ids[model] - first[model] for model in first}
