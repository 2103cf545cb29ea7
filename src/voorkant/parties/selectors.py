"""Reads about parties: the one-box caller search, the caller card and a party's contact history.

Citizen data is read only through `voorkant.privacy.access`. Nothing here writes the processing log: searching
is not logged, opening a result is (see `services`).
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.urls import reverse

from voorkant.parties.identifiers import (
    bsn_mask,
    email_normalize,
    looks_like_phone,
    phone_display,
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
RECENT_QUESTIONS = 5
BRP_NOTICE = (
    "Gegevens uit de BRP zijn alleen bedoeld om te controleren wie u spreekt. "
    "Geef ze nooit door aan de klant of aan anderen."
)


class QueryKind:
    EMPTY = "leeg"
    BSN = "bsn"
    ADDRESS = "postcode"
    NAME_DATE = "naam-geboortedatum"
    NAME = "naam"
    PHONE = "telefoon"
    EMAIL = "e-mail"


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


def _party_hit(party: Party) -> CallerHit:
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


def _add_person(hit: CallerHit, person: Person) -> CallerHit:
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
        hit = _party_hit(party)
        person = by_bsn.pop(hit.bsn, None) if hit.bsn else None
        if person is None and hit.bsn:
            person = brp_person(hit.bsn)
        if person is not None:
            _add_person(hit, person)
        hits.append(hit)
    hits.extend(_add_person(CallerHit(display_name=""), person) for person in by_bsn.values())
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


# --- Caller card and history ------------------------------------------------------------------------------


def party_bsn(*, party: Party) -> str | None:
    return (
        PartyIdentifier.objects.filter(party=party, identifier_type=IdentifierType.BSN)
        .values_list("value", flat=True)
        .first()
    )


def party_history(*, user, party: Party) -> QuerySet:
    """Ids of every question the party was involved in, newest first, read on involvement_party_time_idx.

    Paginate this, then load the page with `questions_in_order`: joining the reference tables in the same
    statement as the visibility restriction made PostgreSQL spend ~40 ms planning, against ~1 ms in two steps.
    """
    from voorkant.contacts.models import Involvement

    return (
        Involvement.objects.filter(party=party, question__in=visible_questions(user))
        .order_by("-occurred_at", "-pk")
        .values_list("question_id", flat=True)
    )


def questions_in_order(question_ids) -> list:
    """The questions with what a history row shows, in the order of the ids (each question once)."""
    from voorkant.contacts.models import Question

    ids = list(dict.fromkeys(question_ids))
    by_id = Question.objects.select_related("channel", "outcome", "product", "conversation__agent").in_bulk(
        ids
    )
    return [by_id[pk] for pk in ids if pk in by_id]


def party_addresses(*, party: Party) -> dict[str, list[dict]]:
    """The contact details the party agreed to keep, for display."""
    phones, emails = [], []
    for address in DigitalAddress.objects.filter(party=party).order_by("-is_default", "kind", "pk"):
        if address.kind == AddressKind.PHONE:
            phones.append({"display": phone_display(address.normalized), "is_default": address.is_default})
        elif address.kind == AddressKind.EMAIL:
            emails.append({"display": address.normalized, "is_default": address.is_default})
    return {"phones": phones, "emails": emails}


def caller_card(
    *, user, party_uuid: uuid.UUID | None = None, bsn: str | None = None, draft_uuid: uuid.UUID | None = None
) -> dict:
    """Everything the workspace's left panel shows about the chosen caller.

    Rendered by the template parties/partials/caller_card.html (context variable `card`).

    Raises ValidationError (Dutch) when the party is not visible to the user or the BSN is unknown. The card
    carries the BSN only masked; revealing it is a separate, logged POST.
    """
    party = None
    if party_uuid is not None:
        party = visible_parties(user).filter(uuid=party_uuid).first()
        if party is None:
            raise ValidationError("Deze klant bestaat niet of u mag deze klant niet inzien.")
        bsn = party_bsn(party=party)
    elif bsn:
        bsn = validate_bsn(bsn)
        party = (
            visible_parties(user)
            .filter(identifiers__identifier_type=IdentifierType.BSN, identifiers__value=bsn)
            .first()
        )
    else:
        raise ValidationError("Geef een klant of een BSN op.")
    person = brp_person(bsn)
    if party is None and person is None:
        raise ValidationError("Dit BSN staat niet in de BRP. Controleer het nummer met de klant.")

    hit = _party_hit(party) if party else CallerHit(display_name="")
    hit.bsn = bsn or ""
    if person is not None:
        _add_person(hit, person)
    recent, count = [], 0
    if party is not None:
        history = party_history(user=user, party=party)
        count = history.count()
        recent = questions_in_order(history[:RECENT_QUESTIONS])
    reveal_url = ""
    if bsn and user.has_perm("organisation.reveal_bsn"):
        if party is not None:
            reveal_url = reverse("parties:reveal_bsn", args=[party.uuid])
        elif draft_uuid is not None:
            reveal_url = reverse("parties:reveal_draft_bsn", args=[draft_uuid])
    return {
        "party": party,
        "party_uuid": party.uuid if party else None,
        "source": hit.source,
        "display_name": hit.display_name,
        "birth_date": hit.birth_date,
        "bsn_masked": hit.bsn_masked,
        "has_bsn": bool(bsn),
        "reveal_url": reveal_url,
        "address_line": hit.address_line,
        "warnings": hit.warnings,
        "is_confidential": bool(person.geheimhouding if person else party.is_confidential_address),
        "is_deceased": bool(person and person.overleden),
        "in_brp": person is not None,
        "brp_notice": BRP_NOTICE,
        **(party_addresses(party=party) if party else {"phones": [], "emails": []}),
        "contact_count": count,
        "recent_questions": recent,
        "klantbeeld_url": reverse("parties:klantbeeld", args=[party.uuid]) if party else "",
        "open_followups": [],
    }
