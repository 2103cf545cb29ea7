"""Changes to parties.

Minimal version for the workspace: the parties work replaces it with a fuller one (register lookup, names)
under the same signature.
"""

from __future__ import annotations

import uuid as uuid_module

from django.db import transaction

from voorkant.parties.models import IdentifierType, ObjectType, Party, PartyIdentifier, PartyKind, Register


@transaction.atomic
def party_for_caller(*, bsn: str | None = None, party_uuid=None) -> Party:
    """The stored party for an identified caller; a BSN-identified person gets a party on first contact."""
    if party_uuid:
        return Party.objects.get(uuid=party_uuid)
    if not bsn:
        raise ValueError("party_for_caller needs a bsn or a party_uuid")
    identifier = (
        PartyIdentifier.objects.select_related("party")
        .filter(identifier_type=IdentifierType.BSN, value=bsn)
        .first()
    )
    if identifier is not None:
        return identifier.party
    party = Party.objects.create(number="~" + uuid_module.uuid4().hex[:9], kind=PartyKind.PERSON)
    party.number = str(party.pk).zfill(7)
    Party.objects.filter(pk=party.pk).update(number=party.number)
    PartyIdentifier.objects.create(
        party=party,
        object_type=ObjectType.NATURAL_PERSON,
        identifier_type=IdentifierType.BSN,
        value=bsn,
        register=Register.BRP,
    )
    return party
