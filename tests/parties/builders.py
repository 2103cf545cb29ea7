"""Explicit builders for parties and their contact history, writing rows directly (no services involved).

The contacts services are built elsewhere; these builders only need the tables, so tests of the klantbeeld
and the search do not depend on how a conversation is registered.
"""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from voorkant.contacts.models import Channel, Conversation, Involvement, Outcome, Question
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

_numbers = itertools.count(1)


def party_build(
    *,
    surname: str = "Moulin",
    first_name: str = "Suzanne",
    surname_prefix: str = "",
    birth_date: datetime.date | None = datetime.date(1985, 12, 1),
    bsn: str | None = "999993653",
    is_confidential_address: bool = False,
) -> Party:
    party = Party.objects.create(
        number=f"{9_000_000_000 + next(_numbers)}",
        kind=PartyKind.PERSON,
        first_name=first_name,
        surname_prefix=surname_prefix,
        surname=surname,
        birth_date=birth_date,
        is_confidential_address=is_confidential_address,
    )
    if bsn:
        PartyIdentifier.objects.create(
            party=party,
            object_type=ObjectType.NATURAL_PERSON,
            identifier_type=IdentifierType.BSN,
            value=bsn,
            register=Register.BRP,
        )
    return party


def question_build(
    *,
    party: Party | None = None,
    subject: str = "Paspoort aanvragen",
    occurred_at: datetime.datetime | None = None,
    channel_code: str = "telefoon",
    outcome_code: str = "zelfstandig-afgehandeld",
    agent=None,
    phone: str | None = None,
) -> Question:
    """One conversation with one question, the party (or nobody) involved, optionally the number they gave."""
    when = occurred_at or timezone.now()
    channel = Channel.objects.get(code=channel_code)
    conversation = Conversation.objects.create(
        channel=channel, agent=agent, started_at=when, ended_at=when + datetime.timedelta(minutes=4)
    )
    question = Question.objects.create(
        number=f"T{next(_numbers):09d}",
        conversation=conversation,
        channel=channel,
        occurred_at=when,
        subject=subject,
        outcome=Outcome.objects.get(code=outcome_code),
    )
    involvement = Involvement.objects.create(question=question, party=party, occurred_at=when)
    if phone:
        from voorkant.parties.identifiers import phone_normalize

        DigitalAddress.objects.create(
            involvement=involvement, kind=AddressKind.PHONE, address=phone, normalized=phone_normalize(phone)
        )
    return question


def questions_build(*, party: Party, count: int, start: datetime.datetime | None = None) -> list[Question]:
    """`count` questions for the party, one day apart, the newest first in time order of creation."""
    start = start or timezone.now() - datetime.timedelta(days=count)
    return [
        question_build(party=party, subject=f"Vraag {i + 1}", occurred_at=start + datetime.timedelta(days=i))
        for i in range(count)
    ]
