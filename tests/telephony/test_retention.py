"""Caller numbers are personal data: after the retention period they are gone, the figures stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from tests.telephony.builders import BASE, simple_call
from voorkant.privacy.models import ProcessingLogRecord
from voorkant.telephony.models import Call, TelephonyEvent
from voorkant.telephony.selectors import interval_metrics
from voorkant.telephony.services import telephony_events_ingest, telephony_retention_apply

pytestmark = pytest.mark.django_db


def test_retention_removes_old_numbers_and_events_but_keeps_the_figures():
    telephony_events_ingest(
        raw_events=simple_call("old", start=0, wait=5, talk=60, caller="0612345678")
        + simple_call("new", start=86400 * 100, wait=5, talk=60, caller="0612345678")
    )
    result = telephony_retention_apply(now=BASE + dt.timedelta(days=100, hours=1), days=90)
    assert result == {"events_deleted": 3, "calls_anonymised": 1}
    old = Call.objects.get(call_id="old")
    assert (old.caller_number, old.caller_key, old.talk_seconds) == ("", "", 60)
    assert Call.objects.get(call_id="new").caller_number == "+31612345678"
    assert not TelephonyEvent.objects.filter(call_id="old").exists()
    figures = interval_metrics(start=BASE, end=BASE + dt.timedelta(hours=1), with_agents=False).totals
    assert figures.answered == 1
    assert ProcessingLogRecord.objects.filter(action="telefonie.bewaartermijn").exists()


def test_the_retention_command_reports_what_it_did(capsys):
    call_command("telephony_retention")
    assert "berichten verwijderd" in capsys.readouterr().out
