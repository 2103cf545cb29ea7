"""Two batches with events of the same call, ingested at the same time, give one complete summary."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from tests.telephony.builders import event
from voorkant.telephony import services
from voorkant.telephony.models import Call

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_concurrent_batches_for_one_call_both_count(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    arrived = {"a": threading.Event(), "b": threading.Event()}
    original = services.events_store_and_load

    def store_when_both_arrived(rows):
        # Let both batches reach the store-and-read before either runs it; without the recompute lock each
        # would read only its own events and the last upsert would win. With the lock the second batch
        # waits for the first to commit, and the first stops waiting for it after two seconds.
        name = threading.current_thread().name
        arrived[name].set()
        arrived["b" if name == "a" else "a"].wait(timeout=2)
        return original(rows)

    monkeypatch.setattr(services, "events_store_and_load", store_when_both_arrived)
    batches = {
        "a": [
            event("queued", 0, call="same", queue="algemeen"),
            event("answered", 10, call="same", agent="x"),
        ],
        "b": [event("completed", 70, call="same")],
    }
    errors = []

    def run(name):
        try:
            services.telephony_events_ingest(raw_events=batches[name])
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,), name=n) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    call = Call.objects.get(call_id="same")
    assert call.event_count == 3
    assert call.status == "completed" and call.talk_seconds == 60
