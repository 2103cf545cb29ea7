"""The one-box caller search: what was typed decides where to look; stored parties and the BRP merge.

Citizen data is read only through `voorkant.privacy.access`. Searching is not logged; opening a result is
(see `services`). Public entry point: `voorkant.parties.selectors.caller_search`.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery

from voorkant.parties.identifiers import (
    bsn_mask,
    email_normalize,
    looks_like_phone,
    phone_normalize,
    validate_bsn,
)
from voorkant.parties.models import (
    AddressKind,
    DigitalAddress,
    IdentifierType,
    Party,
    PartyIdentifier,
    PartyKind,
)
from voorkant.privacy.access import visible_parties, visible_questions
from voorkant.registers.brp import (
    Person,
    name_matches,
    normalize_name,
    person_register,
    person_warnings,
    strip_surname_prefix,
    validate_house_number,
    validate_postcode,
)

MAX_HITS = 25


class QueryKind(models.TextChoices):
    """What the caller search understood the typed text to be."""

    EMPTY = "leeg", "Leeg"
    BSN = "bsn", "BSN"
    ADDRESS = "postcode", "Postcode en huisnummer"
    NAME_DATE = "naam-geboortedatum", "Achternaam en geboortedatum"
    NAME = "naam", "Achternaam"
    PHONE = "telefoon", "Telefoonnummer"
    EMAIL = "e-mail", "E-mailadres"


@dataclass
class CallerHit:
    """One person found; a stored party and its BRP record appear as one hit."""

    display_name: str
    party_uuid: uuid.UUID | None = None
    # Only for choosing a BRP-only person in a POST body; templates never put it in a URL or show it.
    bsn: str = ""
    in_voorkant: bool = False
    in_brp: bool = False
    birth_date: datetime.date | None = None
    address_line: str = ""
    warnings: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def bsn_masked(self) -> str:
        return bsn_mask(self.bsn)

    @property
    def source(self) -> str:
        if self.in_voorkant and self.in_brp:
            return "Voorkant en BRP"
        if self.in_voorkant:
            return "Voorkant"
        if self.in_brp:
            return "BRP"
        return "Eerder contact"

    @property
    def can_choose(self) -> bool:
        return bool(self.party_uuid or self.bsn)


@dataclass
class CallerSearchResult:
    query: str
    kind: str = QueryKind.EMPTY
    hits: list[CallerHit] = field(default_factory=list)
    error: str = ""
    hint: str = ""
    truncated: bool = False


_DATE_DMY = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_ADDRESS = re.compile(
    r"^\s*(?P<postcode>\d{4}\s*[a-zA-Z]{2})[\s,]*(?P<number>\d{1,5})\s*(?P<letter>[a-zA-Z])?"
    r"(?:\s*[-/\s]\s*(?P<addition>[a-zA-Z0-9]{1,4}))?\s*$"
)


def _parse_date(query: str) -> tuple[datetime.date | None, str]:
    """A birth date written as dd-mm-jjjj (or jjjj-mm-dd) anywhere in the query, and the rest of the query."""
    for pattern, order in ((_DATE_DMY, "dmy"), (_DATE_ISO, "ymd")):
        match = pattern.search(query)
        if match:
            a, b, c = (int(g) for g in match.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                date = datetime.date(year, month, day)
            except ValueError as exc:
                raise ValidationError("Deze geboortedatum bestaat niet. Typ dd-mm-jjjj.") from exc
            rest = (query[: match.start()] + " " + query[match.end() :]).strip(" ,")
            return date, " ".join(rest.split())
    return None, query


def brp_person(bsn: str | None) -> Person | None:
    """The register's record for a stored BSN, or None; a stored value that no longer validates (imported
    data, a register that changed its mind) must not break the screen that shows the party."""
    if not bsn:
        return None
    try:
        return person_register().get(bsn)
    except ValidationError:
        return None


def party_hit(party: Party) -> CallerHit:
    return CallerHit(
        display_name=_party_name(party),
        party_uuid=party.uuid,
        bsn=getattr(party, "bsn", None) or "",
        in_voorkant=True,
        birth_date=party.birth_date,
        warnings=person_warnings(geheimhouding=party.is_confidential_address),
    )


def _party_name(party: Party) -> str:
    if party.kind == PartyKind.ORGANISATION:
        return party.organisation_name
    return " ".join(p for p in [party.first_name or party.initials, party.surname_prefix, party.surname] if p)


def person_complete(hit: CallerHit, person: Person) -> CallerHit:
    """Complete a hit with the register's view of the person: address and flags come from the BRP."""
    hit.in_brp = True
    hit.bsn = person.bsn
    hit.birth_date = hit.birth_date or person.geboortedatum
    hit.address_line = person.adres.line
    hit.warnings = person.warnings
    if not hit.display_name:
        hit.display_name = person.display_name
    return hit


def _parties_with_bsn(user) -> QuerySet[Party]:
    bsn = PartyIdentifier.objects.filter(party=OuterRef("pk"), identifier_type=IdentifierType.BSN).values(
        "value"
    )
    return visible_parties(user).annotate(bsn=Subquery(bsn[:1]))


def _merge(*, user, persons: list[Person], parties: list[Party] | None = None) -> list[CallerHit]:
    """One hit per person: stored parties first matched to their BRP record by BSN, then BRP-only persons."""
    by_bsn = {p.bsn: p for p in persons}
    if parties is None:
        parties = list(
            _parties_with_bsn(user).filter(
                identifiers__identifier_type=IdentifierType.BSN,
                identifiers__value__in=list(by_bsn)[: MAX_HITS + 1],
            )
        )
    hits = []
    for party in parties:
        hit = party_hit(party)
        person = by_bsn.pop(hit.bsn, None) if hit.bsn else None
        if person is None and hit.bsn:
            person = brp_person(hit.bsn)
        if person is not None:
            person_complete(hit, person)
        hits.append(hit)
    hits.extend(person_complete(CallerHit(display_name=""), person) for person in by_bsn.values())
    return hits


def _search_bsn(user, value: str) -> list[CallerHit]:
    bsn = validate_bsn(value)
    person = person_register().get(bsn)
    return _merge(user=user, persons=[person] if person else [])


def _search_address(user, match: re.Match) -> list[CallerHit]:
    persons = person_register().search_by_address(
        postcode=validate_postcode(match["postcode"]),
        huisnummer=validate_house_number(match["number"]),
        huisletter=match["letter"] or "",
        toevoeging=match["addition"] or "",
    )
    return _merge(user=user, persons=persons[: MAX_HITS + 1])


def _search_name(user, surname: str, birth_date: datetime.date | None) -> list[CallerHit]:
    parties = _parties_with_bsn(user).filter(kind=PartyKind.PERSON)
    if birth_date is not None:
        parties = parties.filter(birth_date=birth_date)
    else:
        parties = parties.filter(surname__istartswith=strip_surname_prefix(normalize_name(surname)))
    # The database narrows by birth date (or the last word of the name); accents and voorvoegsels are
    # compared here, on a handful of rows.
    matching = [
        p
        for p in parties.order_by("surname", "first_name", "pk")[: MAX_HITS * 4]
        if name_matches(Person(bsn="", voorvoegsel=p.surname_prefix, geslachtsnaam=p.surname), surname)
    ][: MAX_HITS + 1]
    persons = []
    if birth_date is not None:
        persons = person_register().search_by_name(geslachtsnaam=surname, geboortedatum=birth_date)
    return _merge(user=user, persons=persons[: MAX_HITS + 1], parties=matching)


def _search_digital_address(user, kind: str, value: str) -> list[CallerHit]:
    """Parties who keep this address or gave it in an earlier contact; unlinked contacts as one hit."""
    addresses = DigitalAddress.objects.filter(kind=kind, normalized=value)
    pairs = addresses.values_list("party_id", "involvement__party_id")[:500]
    party_ids = {pk for pair in pairs for pk in pair if pk is not None}
    parties = list(_parties_with_bsn(user).filter(pk__in=party_ids).order_by("surname", "pk")[: MAX_HITS + 1])
    hits = _merge(user=user, persons=[], parties=parties)
    earlier = addresses.filter(
        party__isnull=True, involvement__party__isnull=True, involvement__question__in=visible_questions(user)
    ).aggregate(count=Count("pk"), last=Max("involvement__occurred_at"))
    if earlier["count"]:
        what = "nummer" if kind == AddressKind.PHONE else "e-mailadres"
        hits.append(
            CallerHit(
                display_name="Onbekende klant",
                note=f"Eerder contact met dit {what}: {earlier['count']}×, laatst op "
                f"{earlier['last'].astimezone():%d-%m-%Y}",
            )
        )
    return hits


def caller_search(*, user, query: str) -> CallerSearchResult:
    """Find a caller from one search box; what was typed decides where to look.

    9 digits: BSN. '1234 AB 12': postcode + house number. A surname with dd-mm-jjjj: surname + birth date.
    Anything phone-like: phone number, however formatted. Anything with @: e-mail address.
    """
    text = " ".join((query or "").split())[:200]
    result = CallerSearchResult(query=text)
    if not text:
        return result
    compact = re.sub(r"[\s.]", "", text)
    address = _ADDRESS.match(text)
    try:
        if re.fullmatch(r"\d{9}", compact):
            result.kind = QueryKind.BSN
            hits = _search_bsn(user, compact)
        elif address:
            result.kind = QueryKind.ADDRESS
            hits = _search_address(user, address)
        elif re.fullmatch(r"\d{4}\s*[a-zA-Z]{2}", text):
            raise ValidationError("Typ achter de postcode ook het huisnummer, bijvoorbeeld: 1234 AB 12.")
        elif "@" in text:
            result.kind = QueryKind.EMAIL
            hits = _search_digital_address(user, AddressKind.EMAIL, email_normalize(text))
        elif looks_like_phone(text) and not _DATE_DMY.search(text):
            result.kind = QueryKind.PHONE
            hits = _search_digital_address(user, AddressKind.PHONE, phone_normalize(text))
        else:
            birth_date, surname = _parse_date(text)
            if not re.search(r"[^\W\d_]{2,}", surname):
                raise ValidationError(
                    "Typ ook (een deel van) de achternaam, bijvoorbeeld: Jansen 01-02-1980."
                )
            result.kind = QueryKind.NAME_DATE if birth_date else QueryKind.NAME
            if birth_date is None:
                result.hint = (
                    "Alleen klanten die eerder contact hadden. Voor de BRP: achternaam en geboortedatum."
                )
            hits = _search_name(user, surname, birth_date)
    except ValidationError as exc:
        result.error = exc.messages[0]
        return result
    result.truncated = len(hits) > MAX_HITS
    result.hits = hits[:MAX_HITS]
    return result
