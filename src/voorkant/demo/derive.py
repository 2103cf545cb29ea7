"""Derive the small data files under voorkant/demo/data/ from their public sources (run by hand, once).

The product never reads the sources at run time: this script turns them into two committed files.

    python -m voorkant.demo.derive call-profile <dir with the Anonymous Bank *.txt.gz files>
    python -m voorkant.demo.derive test-persons <path to the RvIG test-data.json>

call_profile.json: when calls arrive over the week and the day, and how long a served call takes, from the
real per-call records of the "Anonymous Bank" call centre (Technion SEELab, Guedj & Mandelbaum, 1999).
That centre works Sunday to Thursday 07:00-24:00; a municipality Monday to Friday 08:30-17:00. The
remapping keeps the shape, not the clock:

- weekdays by position in the working week: the bank's first working day (Sunday) becomes Monday, and so
  on to Thursday -> Friday. Both weeks are busiest at their start, which this preserves.
- the bank's 17 opening hours are cut into 34 half-hour slots; slot i becomes the quarter hour
  08:30 + 15 min * i. The day's profile (morning peak, lunch dip, quiet evening) is squeezed
  proportionally into the municipality's 8.5 hours.

test_persons.json: 300 fictitious RvIG test persons (EUPL-1.2, Copyright RvIG) with only what the demo
needs: BSN, name parts, birth date and the secrecy flag. Living persons, valid BSN, adults on 2025-12-31.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from stdnum.nl import bsn as bsn_check

DATA_DIR = Path(__file__).resolve().parent / "data"
BANK_OPEN_HOUR = 7
BANK_SLOTS = 34  # 17 opening hours in half hours
# Python weekday numbers of the bank's Sunday..Thursday, in working-week order.
BANK_WEEK = [6, 0, 1, 2, 3]
PERSON_COUNT = 300


def _seconds(clock: str) -> int:
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    return hours * 3600 + minutes * 60 + seconds


def derive_call_profile(source_dir: Path) -> dict:
    slots = [[0] * BANK_SLOTS for _ in BANK_WEEK]
    service_times: list[int] = []
    skipped = 0
    for path in sorted(source_dir.glob("*.txt.gz")):
        with gzip.open(path, "rt", encoding="latin-1") as handle:
            next(handle)  # header
            for line in handle:
                fields = line.rstrip("\n").split("\t")
                try:
                    day = date(1900 + int(fields[5][:2]), int(fields[5][2:4]), int(fields[5][4:6]))
                    entry = _seconds(fields[6])
                    outcome = fields[12].strip()
                    service = int(fields[15])
                except (IndexError, ValueError):
                    skipped += 1  # the few malformed rows with shifted fields
                    continue
                if outcome == "PHANTOM":  # not a real caller
                    continue
                if outcome == "AGENT" and service > 0:
                    service_times.append(service)
                if day.weekday() not in BANK_WEEK:
                    continue
                slot = (entry - BANK_OPEN_HOUR * 3600) // 1800
                if 0 <= slot < BANK_SLOTS:
                    slots[BANK_WEEK.index(day.weekday())][slot] += 1
    service_times.sort()
    quantiles = [
        service_times[min(len(service_times) - 1, round(p / 100 * (len(service_times) - 1)))]
        for p in range(0, 101, 5)
    ]
    return {
        "source": (
            'Derived from the "Anonymous Bank" call-centre data, Technion IE&M Service Engineering Lab '
            "(SEELab), documentation by Ilan Guedj and Avi Mandelbaum (2000). The data is free for use; "
            "acknowledge the source."
        ),
        "method": (
            "Calls (without PHANTOM) per bank weekday Sun..Thu and half hour 07:00-24:00, remapped to "
            "Mon..Fri and quarter hours 08:30-17:00; see voorkant/demo/derive.py."
        ),
        "weekdays": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"],
        "slot_start": "08:30",
        "slot_minutes": 15,
        "calls_per_weekday_slot": slots,
        "service_seconds_quantiles_p0_to_p100_step5": quantiles,
        "malformed_rows_skipped": skipped,
    }


def _birth_date(raw: str) -> date | None:
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except (ValueError, TypeError):
        return None  # partly unknown dates such as 19600000


def extract_test_persons(source: Path) -> dict:
    persons = json.loads(source.read_text(encoding="utf-8-sig"))
    anchor = date(2025, 12, 31)
    usable = []
    for person in persons:
        bsn = person.get("burgerservicenummer", "")
        name = person.get("naam", {})
        born = _birth_date(person.get("geboorte", {}).get("datum", ""))
        if not bsn_check.is_valid(bsn) or not name.get("geslachtsnaam") or not name.get("voornamen"):
            continue
        if born is None or "overlijden" in person or "opschortingBijhouding" in person:
            continue
        if (anchor - born).days < 18 * 365:
            continue
        usable.append(
            {
                "bsn": bsn,
                "voornamen": " ".join(name["voornamen"].split()),
                "voorvoegsel": name.get("voorvoegsel", ""),
                "geslachtsnaam": name["geslachtsnaam"].strip(),
                "geboortedatum": born.isoformat(),
                "geheimhouding": "geheimhoudingPersoonsgegevens" in person,
            }
        )
    usable.sort(key=lambda p: p["bsn"])
    step = len(usable) / PERSON_COUNT
    chosen = [usable[int(i * step)] for i in range(min(PERSON_COUNT, len(usable)))]
    return {
        "source": (
            "Fictitious test persons of the RvIG BRP proefomgeving, from BRP-API/Haal-Centraal-BRP-bevragen "
            "src/config/BrpService/test-data.json (commit a19a3debcdae1f17c47da84d15c1d46a927e1f93). "
            "EUPL-1.2, Copyright (c) RvIG 2022."
        ),
        "persons": chosen,
    }


def main(argv: list[str]) -> None:
    if len(argv) != 3 or argv[1] not in {"call-profile", "test-persons"}:
        raise SystemExit(__doc__)
    if argv[1] == "call-profile":
        result, target = derive_call_profile(Path(argv[2])), DATA_DIR / "call_profile.json"
    else:
        result, target = extract_test_persons(Path(argv[2])), DATA_DIR / "test_persons.json"
    target.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = Counter(type(v).__name__ for v in result.values())
    print(f"{target.name} geschreven ({dict(counts)})")


if __name__ == "__main__":
    main(sys.argv)
