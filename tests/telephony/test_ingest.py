"""Ingesting call and agent events: idempotency, order, transfers, validation, repeat callers, privacy."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from tests.telephony.builders import BASE, abandoned_call, event, simple_call
from voorkant.privacy.models import ProcessingLogRecord
from voorkant.telephony.models import Call, CallStatus, TelephonyEvent
from voorkant.telephony.services import TelephonyBatchInvalid, agent_cache_clear, telephony_events_ingest

pytestmark = pytest.mark.django_db


def ingest(events):
    return telephony_events_ingest(raw_events=events)


def test_a_retried_batch_never_counts_twice():
    batch = simple_call("c1", start=0, wait=10, talk=120)
    first = ingest(batch)
    second = ingest(batch)
    assert (first.created, first.duplicates) == (3, 0)
    assert (second.created, second.duplicates) == (0, 3)
    assert TelephonyEvent.objects.count() == 3
    call = Call.objects.get()
    assert call.event_count == 3 and call.talk_seconds == 120


def test_the_same_id_twice_in_one_batch_is_stored_once():
    queued = event("queued", 0, queue="algemeen", event_id="dup")
    result = ingest([queued, dict(queued)])
    assert result.created == 1 and result.duplicates == 1


def test_out_of_order_events_give_the_same_summary_as_in_order():
    story = (
        [event("queued", 0, call="x", queue="algemeen", caller="06 12345678")]
        + [event("answered", 20, call="x", agent="kcc")]
        + [event("transferred", 80, call="x", agent="kcc", target="burgerzaken")]
        + [event("answered", 140, call="x", agent="bz1")]
        + [event("completed", 400, call="x")]
    )
    ingest(story)
    in_order = Call.objects.values().get()
    Call.objects.all().delete()
    TelephonyEvent.objects.all().delete()
    shuffled = list(story)
    random.Random(7).shuffle(shuffled)
    for single in shuffled:  # one event per batch, in random order
        ingest([single])
    out_of_order = Call.objects.values().get()
    for key in ("id",):
        in_order.pop(key), out_of_order.pop(key)
    assert out_of_order == in_order


def test_a_transfer_chain_sums_every_wait_into_one_customer_wait():
    ingest(
        [
            event("queued", 0, call="t", queue="algemeen"),
            event("answered", 30, call="t", agent="kcc"),  # waited 30 s
            event("transferred", 90, call="t", agent="kcc", target="belastingen"),
            event("answered", 150, call="t", agent="bel1"),  # waited 60 s more
            event("transferred", 200, call="t", agent="bel1", target="vergunningen"),
            event("answered", 245, call="t", agent="ver1"),  # and 45 s more
            event("completed", 545, call="t"),
        ]
    )
    call = Call.objects.get()
    assert call.wait_seconds == 30
    assert call.total_wait_seconds == 30 + 60 + 45
    assert call.transfer_count == 2
    assert call.right_person_seconds == 245
    assert call.talk_seconds == 60 + 50 + 300
    assert (call.queue, call.final_queue) == ("algemeen", "vergunningen")
    assert (call.first_agent_ref, call.final_agent_ref) == ("kcc", "ver1")
    assert call.status == CallStatus.COMPLETED


def test_a_caller_who_hangs_up_after_a_transfer_is_answered_but_lost():
    ingest(
        [
            event("queued", 0, call="t", queue="algemeen"),
            event("answered", 10, call="t", agent="kcc"),
            event("transferred", 70, call="t", agent="kcc", target="wmo"),
            event("abandoned", 370, call="t"),
        ]
    )
    call = Call.objects.get()
    assert call.answered and not call.abandoned and call.abandoned_after_transfer
    assert call.total_wait_seconds == 10 + 300
    assert call.right_person_seconds is None


def test_a_transfer_to_an_agent_keeps_the_queue(make_persona):
    make_persona("kcc")
    make_persona("teamleider")
    ingest(
        [
            event("queued", 0, call="t", queue="algemeen"),
            event("answered", 5, call="t", agent="kcc"),
            event("transferred", 50, call="t", agent="kcc", target="teamleider"),
            event("answered", 60, call="t", agent="teamleider"),
            event("completed", 100, call="t"),
        ]
    )
    call = Call.objects.get()
    assert call.final_queue == "algemeen"
    assert call.final_employee.user.username == "teamleider"


def test_agents_are_matched_by_username_or_by_telephony_agent_id(make_persona):
    user = make_persona("kcc")
    employee = user.employee
    employee.telephony_agent_id = "SIP/201"
    employee.save()
    ingest(
        simple_call("a", start=0, wait=1, talk=2, agent="SIP/201") + simple_call("b", start=9, wait=1, talk=2)
    )
    assert set(Call.objects.values_list("first_employee_id", flat=True)) == {employee.id}


def test_an_unknown_agent_is_kept_by_name_without_an_employee():
    ingest(simple_call("a", start=0, wait=1, talk=2, agent="SIP/999"))
    call = Call.objects.get()
    assert call.first_agent_ref == "SIP/999" and call.first_employee is None


def test_a_malformed_event_refuses_the_whole_batch_and_names_it():
    good = simple_call("ok", start=0, wait=1, talk=2)
    bad = [
        {"id": "b1", "call_id": "z", "type": "exploded", "timestamp": "2026-03-02T09:00:00+00:00"},
        {"id": "b2", "call_id": "z", "type": "queued", "timestamp": "gisteren", "queue": "x"},
        {"id": "b3", "call_id": "z", "type": "queued", "timestamp": "2026-03-02T09:00:00", "queue": "x"},
        {"call_id": "z", "type": "queued", "timestamp": "2026-03-02T09:00:00+00:00", "queue": "x"},
        {"id": "b5", "call_id": "z", "type": "answered", "timestamp": "2026-03-02T09:00:00+00:00"},
        {
            "id": "b6",
            "call_id": "z",
            "type": "queued",
            "timestamp": "2026-03-02T09:00:00+00:00",
            "queue": "x",
            "caller": "geen nummer",
        },
        "not an object",
    ]
    with pytest.raises(TelephonyBatchInvalid) as refused:
        ingest(good + bad)
    found = {(p.index, p.event_id, p.field, p.code) for p in refused.value.problems}
    assert (3, "b1", "type", "invalid_choice") in found
    assert (4, "b2", "timestamp", "invalid") in found
    assert (5, "b3", "timestamp", "no_timezone") in found
    assert (6, "", "id", "required") in found
    assert (7, "b5", "agent", "required") in found
    assert (8, "b6", "caller", "invalid_phone") in found
    assert (9, "", "", "not_an_object") in found
    assert not TelephonyEvent.objects.exists() and not Call.objects.exists()
    assert all("geen nummer" not in p.reason for p in refused.value.problems)


def test_unknown_fields_wrong_types_and_overlong_values_are_each_named():
    base = {"call_id": "z", "type": "queued", "timestamp": "2026-03-02T09:00:00+00:00", "queue": "x"}
    bad = [
        {**base, "id": "u1", "colour": "blue"},
        {**base, "id": "t1", "queue": ["x"], "agent": {"name": "a"}},
        {**base, "id": "l1", "call_id": "c" * 101, "target": "t" * 151},
        {**base, "id": 42, "caller": 612345678},
    ]
    with pytest.raises(TelephonyBatchInvalid) as refused:
        ingest(bad)
    found = [(p.index, p.event_id, p.field, p.code) for p in refused.value.problems]
    assert found == [
        (0, "u1", "colour", "unknown_field"),
        (1, "t1", "queue", "invalid_type"),
        (1, "t1", "agent", "invalid_type"),
        (2, "l1", "call_id", "max_length"),
        (2, "l1", "target", "max_length"),
    ]
    # A number-typed id and caller are read as text: event 3 is valid (the batch was refused for the others).
    assert ingest([{**base, "id": 42, "caller": "0612345678"}]).created == 1
    assert TelephonyEvent.objects.get().event_id == "42"


def test_caller_numbers_are_stored_in_e164_and_a_withheld_number_as_empty():
    ingest(
        simple_call("a", start=0, wait=1, talk=2, caller="06-1234 5678")
        + simple_call("b", start=100, wait=1, talk=2, caller="anonymous")
    )
    numbers = dict(Call.objects.values_list("call_id", "caller_number"))
    assert numbers == {"a": "+31612345678", "b": ""}


def test_ingesting_caller_numbers_writes_one_processing_log_record_per_batch():
    ingest(
        simple_call("a", start=0, wait=1, talk=2, caller="0612345678")
        + simple_call("b", start=9, wait=1, talk=2, caller="0201234567")
    )
    record = ProcessingLogRecord.objects.get()
    assert record.action == "telefonie.berichten_ontvangen" and record.subject_count == 2


def test_a_call_within_24_hours_from_the_same_number_is_a_repeat_even_when_it_arrives_first():
    later = simple_call("later", start=3600 * 5, wait=1, talk=2, caller="0612345678")
    earlier = simple_call("earlier", start=0, wait=1, talk=2, caller="06 12 34 56 78")
    next_day = simple_call("next", start=3600 * 30, wait=1, talk=2, caller="0612345678")
    ingest(later)
    assert not Call.objects.get(call_id="later").is_repeat
    ingest(earlier + next_day)
    flags = dict(Call.objects.values_list("call_id", "is_repeat"))
    assert flags == {"earlier": False, "later": True, "next": False}


def test_a_new_call_leaves_the_repeat_flag_of_an_earlier_repeat_alone():
    # first (0 h) and second (20 h) are one repeat pair; a third call at 40 h reads the second only as its
    # predecessor and must not clear its flag (its own predecessor lies outside the recomputed window).
    ingest(
        simple_call("first", start=0, wait=1, talk=2, caller="0612345678")
        + simple_call("second", start=3600 * 20, wait=1, talk=2, caller="0612345678")
    )
    ingest(simple_call("third", start=3600 * 40, wait=1, talk=2, caller="0612345678"))
    flags = dict(Call.objects.values_list("call_id", "is_repeat"))
    assert flags == {"first": False, "second": True, "third": True}


def test_a_late_event_that_names_the_caller_or_moves_the_start_refreshes_the_repeat_flags():
    ingest(simple_call("first", start=0, wait=1, talk=2, caller="0612345678"))
    # The second call's answer and end arrive before its queued event, which alone names the caller.
    story = simple_call("second", start=3600 * 10, wait=5, talk=60, caller="0612345678")
    ingest(story[1:])
    assert not Call.objects.get(call_id="second").is_repeat
    ingest(story[:1])
    assert Call.objects.get(call_id="second").is_repeat
    # A third call is first seen by its answer, 26 h after the second: no repeat. Its late queued event moves
    # its start to 23 h after the second: now it is one.
    third = simple_call("third", start=3600 * 33, wait=3600 * 3, talk=60, caller="0612345678")
    ingest([{**third[1], "caller": "0612345678"}, third[2]])
    assert Call.objects.get(call_id="third").entered_at == BASE + dt.timedelta(hours=36)
    assert not Call.objects.get(call_id="third").is_repeat
    ingest(third[:1])
    flags = dict(Call.objects.values_list("call_id", "is_repeat"))
    assert flags == {"first": False, "second": True, "third": True}
    # A batch that only completes known calls changes no start or caller and leaves every flag as it is.
    ingest([event("completed", 3600 * 10 + 9999, call="second")])
    assert dict(Call.objects.values_list("call_id", "is_repeat")) == flags


def test_a_short_abandon_and_an_open_call_are_summarised():
    ingest(abandoned_call("short", start=0, wait=3) + [event("queued", 10, call="open", queue="algemeen")])
    short = Call.objects.get(call_id="short")
    assert short.abandoned and short.wait_seconds == 3 and short.status == CallStatus.ABANDONED
    still = Call.objects.get(call_id="open")
    assert still.status == CallStatus.WAITING and still.waiting_since == BASE.replace(second=10)


def test_a_batch_costs_the_same_number_of_queries_for_3_or_30_calls(query_counter, make_persona):
    make_persona("kcc")

    def batch(prefix, calls):
        # Different callers per batch: a batch that turns earlier calls into repeats costs one update more.
        digit = {"s": 1, "l": 2}[prefix]
        events = []
        for i in range(calls):
            events += simple_call(
                f"{prefix}{i}", start=i * 10, wait=2, talk=30, caller=f"06{digit}23456{i:02d}"
            )
        return events

    def counted(events):
        # Each batch looks the agents up afresh, as the first batch after a start would.
        agent_cache_clear()
        return query_counter(lambda: ingest(events))

    assert counted(batch("s", 3)) == counted(batch("l", 30))


def test_no_index_on_calls_covers_a_column_that_changes_while_the_call_goes_on():
    # Each event rewrites its call's row; PostgreSQL can only do that in place (a HOT update, no index
    # entries) when no indexed column changed. Status, answers and waits change with every event.
    indexed = {f for index in Call._meta.indexes for f in index.fields}
    indexed |= {f for constraint in Call._meta.constraints for f in constraint.fields}
    assert indexed == {"call_id", "interval_start", "queue", "caller_key", "entered_at"}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [Call._meta.db_table])
            assert "fillfactor=70" in cursor.fetchone()[0]
