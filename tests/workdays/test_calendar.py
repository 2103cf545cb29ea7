"""The working-day calendar against a year of real dates (Algemene termijnenwet plus opening hours)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from voorkant.workdays import calendar
from voorkant.workdays.calendar import WorkingCalendar
from voorkant.workdays.models import ClosureDay, DecreeDay, OpeningHours

AMS = ZoneInfo("Europe/Amsterdam")


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=AMS)


@pytest.fixture
def cal(db):
    """Monday to Friday 09:00-17:00, as the default install has."""
    OpeningHours.objects.all().delete()
    OpeningHours.objects.bulk_create(
        [OpeningHours(weekday=d, opens=time(9), closes=time(17)) for d in range(5)]
    )
    calendar.clear_calendar_cache()
    return calendar.get_calendar()


# Weekdays in 2025 that are no working day; hand-written from the law, not from the code.
NON_WORKING_WEEKDAYS_2025 = {
    date(2025, 1, 1),  # Nieuwjaarsdag
    date(2025, 4, 18),  # Goede Vrijdag
    date(2025, 4, 21),  # Tweede paasdag
    date(2025, 5, 5),  # Bevrijdingsdag
    date(2025, 5, 29),  # Hemelvaartsdag
    date(2025, 6, 9),  # Tweede pinksterdag
    date(2025, 12, 25),  # Eerste kerstdag
    date(2025, 12, 26),  # Tweede kerstdag
}


def test_every_day_of_2025_is_a_working_day_exactly_when_the_law_says_so(cal):
    day = date(2025, 1, 1)
    mismatches = []
    while day.year == 2025:
        expected = day.weekday() < 5 and day not in NON_WORKING_WEEKDAYS_2025
        if cal.is_working_day(day) != expected:
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


def test_2025_has_253_working_days(cal):
    days = [date(2025, 1, 1) + timedelta(days=i) for i in range(365)]
    assert sum(cal.is_working_day(d) for d in days) == 253


def test_kings_day_on_a_sunday_is_celebrated_on_saturday_26_april(cal):
    # 27 April 2025 was a Sunday, so Koningsdag moved to Saturday 26 April; Friday 25 April stays a
    # working day.
    assert cal.non_working_reason(date(2025, 4, 26)) == "Koningsdag"
    assert cal.non_working_reason(date(2025, 4, 27)) == "weekend"
    assert cal.is_working_day(date(2025, 4, 25))
    assert cal.is_working_day(date(2025, 4, 28))


def test_kings_day_on_a_weekday_is_no_working_day(cal):
    assert cal.non_working_reason(date(2026, 4, 27)) == "Koningsdag"


def test_5_may_is_no_working_day_every_year_not_only_in_lustrum_years(cal):
    assert cal.non_working_reason(date(2026, 5, 5)) == "Bevrijdingsdag (5 mei)"
    assert cal.non_working_reason(date(2027, 5, 5)) == "Bevrijdingsdag (5 mei)"


def test_one_working_day_after_the_day_before_ascension_skips_ascension(cal):
    assert cal.add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 15)


def test_whit_monday_is_skipped(cal):
    assert cal.add_working_days(date(2026, 5, 22), 1) == date(2026, 5, 26)


def test_christmas_and_the_weekend_after_it_are_skipped(cal):
    assert cal.add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)


def test_good_friday_and_easter_monday_are_skipped(cal):
    assert cal.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_a_closure_day_set_by_the_beheerder_is_no_working_day(cal):
    ClosureDay.objects.create(date=date(2026, 5, 15), reason="Brugdag na Hemelvaart")
    fresh = calendar.get_calendar()
    assert fresh.non_working_reason(date(2026, 5, 15)) == "Brugdag na Hemelvaart"
    assert fresh.add_working_days(date(2026, 5, 13), 1) == date(2026, 5, 18)


def test_a_day_designated_by_decree_is_no_working_day(cal):
    DecreeDay.objects.create(date=date(2026, 12, 31), reason="Aangewezen dag", source="Stb. voorbeeld")
    assert not calendar.is_working_day(date(2026, 12, 31))


def test_zero_working_days_from_a_saturday_is_the_next_monday(cal):
    assert cal.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 9)


def test_working_days_deadline_ends_at_closing_time(cal):
    assert cal.deadline(at(2026, 3, 2, 10), working_days=1) == at(2026, 3, 3, 17)


def test_a_request_after_closing_time_counts_from_the_next_working_day(cal):
    assert cal.deadline(at(2026, 3, 2, 20), working_days=1) == at(2026, 3, 4, 17)
    assert cal.deadline(at(2026, 3, 2, 20), hours=2) == at(2026, 3, 3, 11)


def test_a_request_before_opening_counts_from_opening(cal):
    assert cal.deadline(at(2026, 3, 3, 7), hours=1) == at(2026, 3, 3, 10)


def test_an_hours_norm_counts_only_opening_time_over_a_weekend(cal):
    assert cal.deadline(at(2026, 3, 6, 16), hours=4) == at(2026, 3, 9, 12)


def test_an_hours_norm_over_easter_skips_good_friday_and_easter_monday(cal):
    assert cal.deadline(at(2026, 4, 2, 15), hours=8) == at(2026, 4, 7, 15)


def test_a_norm_that_ends_exactly_at_closing_time_ends_that_day(cal):
    assert cal.deadline(at(2026, 3, 2, 9), hours=8) == at(2026, 3, 2, 17)


def test_working_time_between_counts_only_opening_hours_on_working_days(cal):
    assert cal.working_time_between(at(2026, 3, 6, 16), at(2026, 3, 9, 10)) == timedelta(hours=2)
    # Ascension Day (29 May 2025) in between counts nothing.
    assert cal.working_time_between(at(2025, 5, 28, 12), at(2025, 5, 30, 12)) == timedelta(hours=8)
    assert cal.working_time_between(at(2026, 3, 9, 10), at(2026, 3, 6, 16)) == timedelta(0)


def test_a_late_evening_opening_adds_working_time(cal):
    OpeningHours.objects.create(weekday=3, opens=time(18), closes=time(20))
    fresh = calendar.get_calendar()
    assert fresh.working_time_between(at(2026, 3, 5, 16), at(2026, 3, 5, 19)) == timedelta(hours=2)
    assert fresh.deadline(at(2026, 3, 5, 16, 30), hours=1) == at(2026, 3, 5, 18, 30)


def test_working_time_is_measured_in_local_time_across_the_summer_time_change(cal):
    # Friday 27 March to Monday 30 March 2026: clocks went forward on Sunday; still 2 opening hours.
    start = datetime(2026, 3, 27, 15, tzinfo=ZoneInfo("UTC"))  # 16:00 local
    end = datetime(2026, 3, 30, 8, tzinfo=ZoneInfo("UTC"))  # 10:00 local (summer time)
    assert cal.working_time_between(start, end) == timedelta(hours=2)


def test_the_calendar_can_be_built_without_the_database():
    weekdays = {d: [(time(8, 30), time(12, 30))] for d in range(5)}
    cal = WorkingCalendar(opening=weekdays, tz=AMS)
    # Half an hour left on Monday, the other half from Tuesday 08:30.
    assert cal.deadline(at(2026, 3, 2, 12), hours=1) == at(2026, 3, 3, 9)


def test_a_norm_must_be_hours_or_working_days(cal):
    with pytest.raises(ValueError):
        cal.deadline(at(2026, 3, 2, 9))
