"""Generate a year of demo conversations, deterministic per seed and fast enough for a million questions.

Two passes, one random.Random(seed) throughout:
1. plan: every conversation's start, number of questions, channel and whether the caller was identified;
   sorted by start so question numbers follow time; then which test person each identified caller is.
2. rows: conversations, questions, involvements and transfers streamed in chunks to the bulk writer.
Parties are created only for the test persons who appear in the plan (a party exists once someone had
contact). The small organisation goes through the ordinary services first (organisation.py).
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import time
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import phonenumbers
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
from voorkant.demo.organisation import DemoOrganisation, build_organisation
from voorkant.demo.timeline import DEFAULT_UNTIL, ArrivalSampler
from voorkant.demo.writers import BulkWriter
from voorkant.parties.models import (
    AddressKind,
    DigitalAddress,
    IdentifierType,
    ObjectType,
    Party,
    PartyIdentifier,
    PartyKind,
    Register,
)
from voorkant.privacy.models import Channel as LogChannel
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject, processing_log_write

PERSONS_PATH = Path(__file__).resolve().parent / "data" / "test_persons.json"
QUESTION_PREFIX = "D"  # demo question numbers D000000001..; the contacts service numbers differently
PARTY_PREFIX = "D"
CHUNK = 20_000  # conversations per bulk write
# A few parties get exactly this many questions, for the klantbeeld benchmark (first persons of the file).
BENCH_PARTY_COUNT = 3
BENCH_PARTY_QUESTIONS = 200
BENCH_MIN_IDENTIFIED_QUESTIONS = 10 * BENCH_PARTY_COUNT * BENCH_PARTY_QUESTIONS

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


class Weighted:
    """Weighted choice by bisecting a cumulative table: one rng.random() per draw."""

    def __init__(self, items: list, weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]


def load_test_persons() -> list[dict]:
    return json.loads(PERSONS_PATH.read_text(encoding="utf-8"))["persons"]


def bench_party_bsns() -> list[str]:
    """BSNs of the parties that get exactly BENCH_PARTY_QUESTIONS questions (when --contacts is large)."""
    return [person["bsn"] for person in load_test_persons()[:BENCH_PARTY_COUNT]]


def new_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass
class Plan:
    """Per conversation, by start time: (epoch seconds, question count, channel code, person index or -1)."""

    conversations: list[tuple[int, int, str, int]]
    person_indices: list[int]  # persons that had contact, in file order


def make_plan(*, rng: random.Random, contacts: int, sampler: ArrivalSampler, channel_codes: set[str]) -> Plan:
    sizes = Weighted(*zip(*content.QUESTIONS_PER_CONVERSATION, strict=True))
    mix = [(code, weight) for code, weight in content.CHANNEL_MIX if code in channel_codes]
    channels = Weighted([code for code, _ in mix], [weight for _, weight in mix])
    drafts: list[tuple[int, int, str, bool]] = []
    total = 0
    while total < contacts:
        count = min(sizes.pick(rng), contacts - total)
        identified = rng.random() >= content.ANONYMOUS_SHARE
        drafts.append((sampler.start(rng), count, channels.pick(rng), identified))
        total += count
    drafts.sort(key=lambda d: d[0])

    persons = load_test_persons()
    person_of = [-1] * len(drafts)
    identified_at = [i for i, d in enumerate(drafts) if d[3]]
    if sum(drafts[i][1] for i in identified_at) >= BENCH_MIN_IDENTIFIED_QUESTIONS:
        _assign_bench_parties(drafts, identified_at, person_of)
    # Everyone else calls with a skewed propensity: some frequent callers, many who rarely call.
    others = Weighted(
        list(range(BENCH_PARTY_COUNT, len(persons))),
        [rng.lognormvariate(0, 0.9) for _ in range(BENCH_PARTY_COUNT, len(persons))],
    )
    for i in identified_at:
        if person_of[i] == -1:
            person_of[i] = others.pick(rng)
    conversations = [(d[0], d[1], d[2], p) for d, p in zip(drafts, person_of, strict=True)]
    return Plan(conversations=conversations, person_indices=sorted({p for p in person_of if p >= 0}))


def _assign_bench_parties(drafts: list, identified_at: list[int], person_of: list[int]) -> None:
    """Give each bench person identified conversations spread over the year, exactly 200 questions each."""
    step = max(1, len(identified_at) // (BENCH_PARTY_QUESTIONS - 20))
    for person in range(BENCH_PARTY_COUNT):
        remaining = BENCH_PARTY_QUESTIONS
        for offset in range(person, person + step):
            for k in range(offset % step, len(identified_at), step):
                i = identified_at[k]
                if person_of[i] == -1 and drafts[i][1] <= remaining:
                    person_of[i] = person
                    remaining -= drafts[i][1]
                    if remaining == 0:
                        break
            if remaining == 0:
                break


def _initials(first_names: str) -> str:
    return "".join(f"{part[0]}." for part in first_names.replace("-", " ").split() if part)[:10]


def _phone_as_typed(rng: random.Random) -> str:
    digits = f"6{rng.randint(1, 5)}{rng.randint(0, 9_999_999):07d}"
    return rng.choice(
        [
            f"0{digits}",
            f"0{digits[0]}-{digits[1:]}",
            f"0{digits[0]} {digits[1:5]} {digits[5:]}",
            f"+31 {digits[0]} {digits[1:]}",
            f"0031{digits}",
        ]
    )


def create_parties(*, rng: random.Random, plan: Plan) -> dict[int, tuple[int, tuple[str, str, str, str]]]:
    """Parties, BSN identifiers and some contact details for the persons with contact.

    Returns person index -> (party id, (initials, first name, prefix, surname)) for the involvements.
    """
    persons = load_test_persons()
    writer = BulkWriter()
    next_id = writer.next_id(Party)
    parties, identifiers, addresses, result = [], [], [], {}
    for offset, index in enumerate(plan.person_indices):
        person = persons[index]
        names = (_initials(person["voornamen"]), person["voornamen"], person["voorvoegsel"])
        names += (person["geslachtsnaam"],)
        party = Party(
            id=next_id + offset,
            uuid=new_uuid(rng),
            number=f"{PARTY_PREFIX}{index + 1:08d}",
            kind=PartyKind.PERSON,
            initials=names[0],
            first_name=names[1],
            surname_prefix=names[2],
            surname=names[3],
            birth_date=date.fromisoformat(person["geboortedatum"]),
            is_confidential_address=person["geheimhouding"],
        )
        parties.append(party)
        result[index] = (party.id, names)
        identifiers.append(
            PartyIdentifier(
                uuid=new_uuid(rng),
                party=party,
                object_type=ObjectType.NATURAL_PERSON,
                identifier_type=IdentifierType.BSN,
                value=person["bsn"],
                register=Register.BRP,
            )
        )
        if rng.random() < 0.6:
            typed = _phone_as_typed(rng)
            normalized = phonenumbers.format_number(
                phonenumbers.parse(typed, settings.DEFAULT_PHONE_REGION), phonenumbers.PhoneNumberFormat.E164
            )
            addresses.append((party, AddressKind.PHONE, typed, normalized))
        if rng.random() < 0.35:
            local = f"{person['voornamen'].split()[0]}.{person['geslachtsnaam'].split()[-1]}".lower()
            local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
            email = f"{local}@{content.EMAIL_DOMAIN}"
            addresses.append((party, AddressKind.EMAIL, email, email))
    Party.objects.bulk_create(parties)
    writer.finish()
    PartyIdentifier.objects.bulk_create(identifiers)
    DigitalAddress.objects.bulk_create(
        [
            DigitalAddress(
                uuid=new_uuid(rng),
                party=party,
                kind=kind,
                address=typed,
                normalized=normalized,
                is_default=True,
            )
            for party, kind, typed, normalized in addresses
        ]
    )
    return result


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
        counts = _write_conversations(
            rng=rng, plan=plan, organisation=organisation, sampler=sampler, parties=parties
        )
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
