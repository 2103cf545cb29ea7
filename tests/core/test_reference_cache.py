"""The per-process cache of channels, outcomes and protocol versions (voorkant.core.reference_cache)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voorkant.catalogue.models import FieldKind, ProtocolLevel, ProtocolVersion, VersionStatus
from voorkant.catalogue.selectors import default_protocol_version
from voorkant.contacts.models import Channel, Outcome
from voorkant.contacts.selectors import channels_by_code, outcomes_by_code
from voorkant.contacts.services import channel_save, outcome_save
from voorkant.core import reference_cache


@pytest.fixture
def clock(monkeypatch):
    """The cache's monotonic clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(reference_cache.time, "monotonic", lambda: now[0])
    return now


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def test_reference_rows_are_read_once_per_process_within_the_ttl(db, clock):
    assert (
        _queries(lambda: (channels_by_code(), outcomes_by_code(), default_protocol_version())) == 4
    )  # the version and its fields
    assert _queries(lambda: (channels_by_code(), outcomes_by_code(), default_protocol_version())) == 0
    assert channels_by_code()["telefoon"].name == Channel.objects.get(code="telefoon").name


def test_a_change_through_the_beheerder_screens_shows_at_once_in_this_process(db, clock):
    channel = channels_by_code()["telefoon"]
    outcome = outcomes_by_code()["zelfstandig-afgehandeld"]
    channel_save(
        channel=Channel.objects.get(pk=channel.pk), code="telefoon", name="Bellen", order=0, is_active=False
    )
    outcome_save(
        outcome=Outcome.objects.get(pk=outcome.pk),
        code=outcome.code,
        name="Zelf opgelost",
        category=outcome.category,
        order=outcome.order,
        is_active=True,
    )
    assert (channels_by_code()["telefoon"].name, channels_by_code()["telefoon"].is_active) == (
        "Bellen",
        False,
    )
    assert outcomes_by_code()["zelfstandig-afgehandeld"].name == "Zelf opgelost"


def test_a_change_made_by_another_process_shows_once_the_ttl_has_passed(db, clock, settings):
    settings.REFERENCE_CACHE_SECONDS = 10
    assert channels_by_code()["telefoon"].name != "Bellen"
    # Another process's save sends no signal here; a queryset update stands in for it.
    Channel.objects.filter(code="telefoon").update(name="Bellen")
    clock[0] += 9.9
    assert channels_by_code()["telefoon"].name != "Bellen"  # the documented staleness window
    clock[0] += 0.2
    assert channels_by_code()["telefoon"].name == "Bellen"


def test_a_newly_published_protocol_version_is_used_at_once(db, clock):
    first = default_protocol_version()
    newer = ProtocolVersion.objects.create(
        protocol=first.protocol,
        number=first.number + 1,
        level=ProtocolLevel.STANDARD,
        status=VersionStatus.PUBLISHED,
    )
    assert default_protocol_version().pk == newer.pk
    newer.fields.create(key="reden", label="Reden", kind=FieldKind.SHORT_TEXT)
    assert [f.key for f in default_protocol_version().fields.all()] == ["reden"]


def test_a_new_channel_is_found_at_once_although_its_code_was_missing_before(db, clock):
    assert "sms" not in channels_by_code()
    channel_save(code="sms", name="Sms", order=20, is_active=True)
    assert channels_by_code()["sms"].name == "Sms"


def test_a_ttl_of_zero_reads_the_rows_every_time(db, clock, settings):
    settings.REFERENCE_CACHE_SECONDS = 0
    channels_by_code()
    assert _queries(channels_by_code) == 1
