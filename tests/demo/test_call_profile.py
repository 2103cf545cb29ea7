"""The committed call profile and its remapping from the bank's week onto municipal opening hours."""

from __future__ import annotations

import gzip
import random
from datetime import date, time
from zoneinfo import ZoneInfo

from voorkant.demo.derive import derive_call_profile
from voorkant.demo.timeline import ArrivalSampler, call_profile, working_days

HEADER = (
    "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\t"
)
HEADER += "q_time\toutcome\tser_start\tser_exit\tser_time\tserver\n"


def _row(day: str, entry: str, outcome: str = "AGENT", service: int = 100) -> str:
    return (
        f"AA01\t1\t0\t0\tPS\t{day}\t{entry}\t{entry}\t0\t0:00:00\t0:00:00\t0\t{outcome}\t0\t0\t{service}\tX\n"
    )


def test_bank_sunday_morning_becomes_monday_first_quarter_hour(tmp_path):
    # 1999-01-03 was a Sunday, 1999-01-07 a Thursday, 1999-01-08 a Friday (not in the bank's full week).
    lines = [
        _row("990103", "7:10:00"),
        _row("990107", "23:59:00"),
        _row("990108", "9:00:00"),
        _row("990103", "6:00:00"),
        _row("990103", "7:20:00", outcome="PHANTOM"),
        "broken\trow\n",
    ]
    with gzip.open(tmp_path / "test.txt.gz", "wt") as handle:
        handle.write(HEADER + "".join(lines))
    profile = derive_call_profile(tmp_path)
    slots = profile["calls_per_weekday_slot"]
    assert slots[0][0] == 1  # Monday 08:30-08:45
    assert slots[4][33] == 1  # Friday 16:45-17:00
    assert sum(map(sum, slots)) == 2
    assert profile["malformed_rows_skipped"] == 1


def test_committed_profile_covers_five_weekdays_of_34_quarter_hours_with_attribution():
    profile = call_profile()
    assert len(profile["calls_per_weekday_slot"]) == 5
    assert all(len(day) == 34 and min(day) > 0 for day in profile["calls_per_weekday_slot"])
    assert "Mandelbaum" in profile["source"]


def test_year_has_about_250_working_days_without_public_holidays():
    days = working_days(until=date(2025, 12, 31))
    assert 245 <= len(days) <= 255
    assert date(2025, 12, 25) not in days and date(2025, 4, 28) in days


def test_sampled_starts_follow_the_profile_within_opening_hours():
    sampler = ArrivalSampler(until=date(2025, 12, 31), time_zone="Europe/Amsterdam")
    rng = random.Random(5)
    zone = ZoneInfo("Europe/Amsterdam")
    from datetime import datetime

    starts = [datetime.fromtimestamp(sampler.start(rng), tz=zone) for _ in range(20_000)]
    assert all(s.weekday() < 5 and time(8, 30) <= s.time() < time(17, 0) for s in starts)
    # The profile's morning peak: 09:30-11:00 is busier than the last hour and a half of the day.
    morning = sum(time(9, 30) <= s.time() < time(11, 0) for s in starts)
    late = sum(time(15, 30) <= s.time() < time(17, 0) for s in starts)
    assert morning > 1.3 * late
    assert all(20 <= sampler.duration(rng) <= 1300 for _ in range(1000))
