"""The Anonymous Bank importer on a committed sample of real rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from voorkant.telephony.importers.bank import bank_calls_import
from voorkant.telephony.models import Call, CallStatus, Source

pytestmark = pytest.mark.django_db
SAMPLE = str(Path(__file__).parent / "data" / "bank-sample.txt")


@pytest.fixture
def opening_hours(settings):
    settings.TELEPHONY_OPENING_HOURS = "08:00-17:00"


def test_the_sample_imports_answered_and_abandoned_calls_and_reports_the_rest(opening_hours):
    report = bank_calls_import(path=SAMPLE)
    assert report.rows == 16
    assert report.imported == 12
    assert report.skipped == {"opgehangen in het keuzemenu": 1, "phantom": 1, "vrijdag of zaterdag": 1}
    assert [(line, reason) for _, line, reason in report.malformed] == [(17, "16 velden in plaats van 17")]
    assert Call.objects.filter(source=Source.BANK).count() == 12
    assert Call.objects.filter(abandoned=True).count() == 3
    assert not Call.objects.exclude(status__in=[CallStatus.COMPLETED, CallStatus.ABANDONED]).exists()


def test_a_bank_tuesday_morning_becomes_a_municipal_wednesday_within_opening_hours(opening_hours):
    bank_calls_import(path=SAMPLE)
    call = Call.objects.get(call_id="bank:990302:AA0101:36322")  # Tuesday 2 March 1999, queued 07:39:17
    local = timezone.localtime(call.entered_at)
    assert local.date() == dt.date(1999, 3, 3)
    # 07:00-24:00 stretched onto 08:00-17:00: 39 min 17 s after opening becomes 39:17 × 9/17 after 08:00.
    expected = dt.datetime(1999, 3, 3, 8, 0) + dt.timedelta(seconds=(39 * 60 + 17) * 9 / 17)
    assert local.replace(tzinfo=None) == expected
    assert (call.wait_seconds, call.talk_seconds, call.queue) == (30, 248, "bank-PS")  # ser_time in the row


def test_calls_answered_without_queueing_have_no_wait(opening_hours):
    bank_calls_import(path=SAMPLE)
    call = Call.objects.get(call_id="bank:990302:AA0101:36320")
    assert call.answered and call.wait_seconds == 0


def test_importing_twice_adds_nothing(opening_hours):
    bank_calls_import(path=SAMPLE)
    again = bank_calls_import(path=SAMPLE)
    assert again.imported == 0 and again.already_present == 12
    assert Call.objects.count() == 12


def test_customer_ids_are_stored_only_as_keyed_hashes(opening_hours):
    bank_calls_import(path=SAMPLE)
    keys = set(Call.objects.exclude(caller_key="").values_list("caller_key", flat=True))
    assert keys and all(len(k) == 64 and "3667532" not in k for k in keys)
    assert not Call.objects.exclude(caller_number="").exists()


def test_the_command_names_the_source_and_the_malformed_line(opening_hours, capsys):
    call_command("import_bank_calls", SAMPLE)
    out, err = capsys.readouterr()
    assert "Technion SEELab" in out and "Anonymous Bank" in out
    assert "regel 17" in err
