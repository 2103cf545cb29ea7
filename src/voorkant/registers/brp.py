"""The population register (BRP), behind an adapter shaped like Haal Centraal BRP Personen bevragen.

Voorkant asks the register three questions, the same three KISS asks: a person by BSN, persons by surname
and birth date, and persons by postcode and house number. Answers are small frozen dataclasses with only
what a KCC needs to identify a caller; the register is for identity checks, never for handing data out.

`settings.BRP_ADAPTER` names the implementation (an import string). The default, `LocalTestPersonRegister`,
serves the fictitious RvIG test persons shipped in `data/` so a fresh install works without a connection.
"""

from __future__ import annotations

import datetime
import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import postcode as stdnum_postcode

DATA_FILE = Path(__file__).resolve().parent / "data" / "brp-testpersonen.json.gz"

# The lower-case words a Dutch voorvoegsel is made of ("van der", "in 't", "de la", ...). A searcher who types
# "van der Ven" or "Ven" means the same person, so these words are ignored at the front of a surname query.
SURNAME_PREFIX_WORDS = frozenset(
    {
        *(
            "van",
            "der",
            "den",
            "de",
            "het",
            "'t",
            "ter",
            "ten",
            "te",
            "in",
            "op",
            "aan",
            "bij",
            "uit",
            "uijt",
        ),
        *("voor", "over", "onder", "tot", "zu", "zum", "zur", "von", "vom", "du", "des", "la", "le", "les"),
        *("l'", "d'", "el", "al", "da", "dos", "das", "di", "del", "della", "'s"),
    }
)


@dataclass(frozen=True, slots=True)
class PersonAddress:
    """The residential address (verblijfplaats) as far as the register knows it."""

    straat: str = ""
    huisnummer: str = ""
    huisletter: str = ""
    toevoeging: str = ""
    postcode: str = ""
    woonplaats: str = ""

    @property
    def line(self) -> str:
        number = f"{self.huisnummer}{self.huisletter}" + (f"-{self.toevoeging}" if self.toevoeging else "")
        street = " ".join(p for p in [self.straat, number] if p)
        postcode = format_postcode(self.postcode) if self.postcode else ""
        place = " ".join(p for p in [postcode, self.woonplaats] if p)
        return ", ".join(p for p in [street, place] if p)


@dataclass(frozen=True, slots=True)
class Person:
    """One person from the register, with the flags a KCC agent must see before anything else."""

    bsn: str
    voornamen: str = ""
    voorvoegsel: str = ""
    geslachtsnaam: str = ""
    geboortedatum: datetime.date | None = None
    adres: PersonAddress = field(default_factory=PersonAddress)
    # geheimhoudingPersoonsgegevens: the person asked that their data is not given to third parties.
    geheimhouding: bool = False
    overleden: bool = False
    overlijdensdatum: datetime.date | None = None
    # opschortingBijhouding: the register stopped keeping this record up to date (emigration, death, ...).
    opschorting: str = ""

    @property
    def initials(self) -> str:
        return "".join(f"{part[0]}." for part in self.voornamen.split() if part)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in [self.voornamen, self.voorvoegsel, self.geslachtsnaam] if p)

    @property
    def warnings(self) -> list[str]:
        return person_warnings(
            geheimhouding=self.geheimhouding,
            overleden=self.overleden,
            overlijdensdatum=self.overlijdensdatum,
            opschorting=self.opschorting,
        )


def person_warnings(
    *,
    geheimhouding: bool,
    overleden: bool = False,
    overlijdensdatum: datetime.date | None = None,
    opschorting: str = "",
) -> list[str]:
    """The register's flags in plain Dutch, most important first."""
    warnings = []
    if overleden:
        date = f" op {overlijdensdatum:%d-%m-%Y}" if overlijdensdatum else ""
        warnings.append(f"Overleden{date}")
    if geheimhouding:
        warnings.append("Geheimhouding persoonsgegevens: geef geen gegevens aan derden")
    if opschorting and not (overleden and opschorting == "overlijden"):
        warnings.append(f"Bijhouding opgeschort ({opschorting})")
    return warnings


@runtime_checkable
class PersonRegister(Protocol):
    """What Voorkant asks a population register. Each method validates its input (ValidationError)."""

    def get(self, bsn: str) -> Person | None: ...

    def search_by_name(self, *, geslachtsnaam: str, geboortedatum: datetime.date) -> list[Person]: ...

    def search_by_address(
        self, *, postcode: str, huisnummer: int | str, huisletter: str = "", toevoeging: str = ""
    ) -> list[Person]: ...


# --- Input validation shared by every adapter -------------------------------------------------------------


def validate_bsn(value: str) -> str:
    """The BSN compacted to 9 digits, or a ValidationError in Dutch when it fails the 11-proef."""
    compact = re.sub(r"[\s.\-]", "", value or "")
    if not re.fullmatch(r"\d{9}", compact):
        raise ValidationError("Een BSN bestaat uit 9 cijfers.", code="bsn_format")
    try:
        return stdnum_bsn.validate(compact)
    except StdnumValidationError as exc:
        raise ValidationError(
            "Dit BSN bestaat niet: het voldoet niet aan de 11-proef. Controleer de cijfers.",
            code="bsn_invalid",
        ) from exc


def validate_postcode(value: str) -> str:
    """The postcode as '1234AB', or a ValidationError in Dutch."""
    try:
        return stdnum_postcode.validate(value or "").replace(" ", "")
    except StdnumValidationError as exc:
        raise ValidationError(
            "Dit is geen geldige postcode. Een postcode is 4 cijfers en 2 letters, bijvoorbeeld 1234 AB.",
            code="postcode_invalid",
        ) from exc


def validate_house_number(value: int | str) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"\d{1,5}", text) or int(text) == 0:
        raise ValidationError("Een huisnummer is een getal, bijvoorbeeld 12.", code="huisnummer_invalid")
    return str(int(text))


def format_postcode(value: str) -> str:
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else compact


def normalize_name(value: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name, for comparing what an agent typed."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("’", "'").split())


def strip_surname_prefix(normalized: str) -> str:
    """Drop leading voorvoegsel words: 'van der ven' -> 'ven'. Keeps the name when nothing else is left."""
    words = normalized.split()
    while len(words) > 1 and words[0] in SURNAME_PREFIX_WORDS:
        words = words[1:]
    return " ".join(words)


def name_matches(person: Person, query: str) -> bool:
    """A surname query matches when it is how the surname begins, with or without the voorvoegsel."""
    wanted = normalize_name(query)
    if not wanted:
        return False
    surname = normalize_name(person.geslachtsnaam)
    full = normalize_name(f"{person.voorvoegsel} {person.geslachtsnaam}")
    bare = strip_surname_prefix(wanted)
    return surname.startswith(bare) or full.startswith(wanted)


# --- The local register with the RvIG test persons --------------------------------------------------------


def _parse_date(value: str | None) -> datetime.date | None:
    """BRP dates are yyyymmdd; '00' marks an unknown part, which we treat as no date."""
    if not value or len(value) != 8 or not value.isdigit():
        return None
    try:
        return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def person_from_haal_centraal(record: dict) -> Person:
    """Map a Haal Centraal GbaPersoon record onto Person, keeping only the fields a KCC needs."""
    name = record.get("naam") or {}
    residence = record.get("verblijfplaats") or {}
    deceased = record.get("overlijden") or {}
    suspension = record.get("opschortingBijhouding") or {}
    municipality = (record.get("gemeenteVanInschrijving") or {}).get("omschrijving", "")
    return Person(
        bsn=record["burgerservicenummer"],
        voornamen=" ".join((name.get("voornamen") or "").split()),
        voorvoegsel=name.get("voorvoegsel") or "",
        geslachtsnaam=name.get("geslachtsnaam") or "",
        geboortedatum=_parse_date((record.get("geboorte") or {}).get("datum")),
        adres=PersonAddress(
            straat=residence.get("straat") or "",
            huisnummer=str(residence.get("huisnummer") or ""),
            huisletter=residence.get("huisletter") or "",
            toevoeging=residence.get("huisnummertoevoeging") or "",
            postcode=(residence.get("postcode") or "").replace(" ", "").upper(),
            # Older test records lack woonplaats; the municipality of registration is the honest fallback.
            woonplaats=residence.get("woonplaats") or (municipality if residence.get("straat") else ""),
        ),
        geheimhouding=str(record.get("geheimhoudingPersoonsgegevens") or "0") not in {"0", "", "False"},
        overleden=bool(deceased),
        overlijdensdatum=_parse_date(deceased.get("datum")),
        opschorting=((suspension.get("reden") or {}).get("omschrijving") or "") if suspension else "",
    )


def _records(path: Path):
    """The records of a JSON array one at a time, so the full parsed file never sits in memory at once
    (parsing it whole would leave a worker ~15 MB larger for good)."""
    with gzip.open(path, "rt", encoding="utf-8-sig") as handle:
        text = handle.read()
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    length = len(text)
    while True:
        while position < length and text[position] in " \t\r\n,":
            position += 1
        if position >= length or text[position] == "]":
            return
        record, position = decoder.raw_decode(text, position)
        yield record


class LocalTestPersonRegister:
    """Serves the RvIG test persons from the gzipped file shipped with Voorkant, indexed in memory.

    The file is parsed once; only the Person dataclasses and three small indexes stay in memory (well under a
    megabyte for the 1,176 persons), so a web worker stays within its memory budget.
    """

    def __init__(self, path: Path = DATA_FILE) -> None:
        self._by_bsn: dict[str, Person] = {}
        self._by_birth_date: dict[datetime.date, list[Person]] = {}
        self._by_address: dict[tuple[str, str], list[Person]] = {}
        for record in _records(path):
            person = person_from_haal_centraal(record)
            self._by_bsn[person.bsn] = person
            if person.geboortedatum:
                self._by_birth_date.setdefault(person.geboortedatum, []).append(person)
            if person.adres.postcode and person.adres.huisnummer:
                key = (person.adres.postcode, person.adres.huisnummer)
                self._by_address.setdefault(key, []).append(person)

    def __len__(self) -> int:
        return len(self._by_bsn)

    def get(self, bsn: str) -> Person | None:
        return self._by_bsn.get(validate_bsn(bsn))

    def search_by_name(self, *, geslachtsnaam: str, geboortedatum: datetime.date) -> list[Person]:
        if len(normalize_name(geslachtsnaam)) < 2:
            raise ValidationError("Typ minstens 2 letters van de achternaam.", code="geslachtsnaam_short")
        candidates = self._by_birth_date.get(geboortedatum, [])
        return sorted((p for p in candidates if name_matches(p, geslachtsnaam)), key=_person_sort_key)

    def search_by_address(
        self, *, postcode: str, huisnummer: int | str, huisletter: str = "", toevoeging: str = ""
    ) -> list[Person]:
        key = (validate_postcode(postcode), validate_house_number(huisnummer))
        found = self._by_address.get(key, [])
        if huisletter:
            found = [p for p in found if p.adres.huisletter.upper() == huisletter.strip().upper()]
        if toevoeging:
            found = [p for p in found if p.adres.toevoeging.upper() == toevoeging.strip().upper()]
        return sorted(found, key=_person_sort_key)


def _person_sort_key(person: Person) -> tuple:
    return (normalize_name(person.geslachtsnaam), normalize_name(person.voornamen), person.bsn)


@cache
def _register_for(import_path: str) -> PersonRegister:
    return import_string(import_path)()


def person_register() -> PersonRegister:
    """The configured register (settings.BRP_ADAPTER), created once per process."""
    return _register_for(settings.BRP_ADAPTER)
