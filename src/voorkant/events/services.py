"""Publishing domain events and subscribing to them.

One mechanism: a service calls ``publish(EventType.X, **identifiers)`` inside its transaction. One job per
subscriber is written in that same transaction (a transactional outbox: no second commit), and workers see
the jobs once it commits; the subscriber receives a ``DomainEvent``. Nothing is published when the
transaction rolls back. Payloads carry identifiers (uuids), never personal data.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from voorkant.events.catalogue import EventType
from voorkant.jobs.registry import task
from voorkant.jobs.services import enqueue_in_transaction


@dataclass(frozen=True)
class DomainEvent:
    """What a subscriber receives."""

    type: str
    id: str
    occurred_at: str
    data: dict[str, Any]


_SUBSCRIBERS: dict[str, list[str]] = {}


def subscriber(
    event_type: EventType | str, *, max_attempts: int = 5
) -> Callable[[Callable[[DomainEvent], object]], Callable[[DomainEvent], object]]:
    """Run the decorated function as a job for every ``event_type`` published. Put subscribers in the app's
    ``subscribers.py`` (found at start-up). Subscribers should be idempotent: a job may be retried."""
    if event_type not in EventType.values:
        raise ImproperlyConfigured(f"Unknown event type {event_type!r}; add it to voorkant.events.catalogue.")

    def register(func: Callable[[DomainEvent], object]) -> Callable[[DomainEvent], object]:
        task_name = f"event:{event_type}:{func.__module__}.{func.__qualname__}"

        def run(*, type: str, id: str, occurred_at: str, data: dict[str, Any]) -> None:  # noqa: A002
            func(DomainEvent(type=type, id=id, occurred_at=occurred_at, data=data))

        task(task_name, max_attempts=max_attempts)(run)
        names = _SUBSCRIBERS.setdefault(str(event_type), [])
        if task_name not in names:
            names.append(task_name)
        return func

    return register


def subscribers_of(event_type: str) -> list[str]:
    return list(_SUBSCRIBERS.get(str(event_type), []))


def publish(event_type: EventType | str, /, **data: Any) -> str:
    """Publish an event: its subscribers' jobs are written in the current transaction and run after it
    commits. Returns the event id."""
    if event_type not in EventType.values:
        raise ImproperlyConfigured(f"Unknown event type {event_type!r}; add it to voorkant.events.catalogue.")
    json.dumps(data)  # fail in the publisher when the data cannot travel as JSON
    event_id = str(uuid.uuid4())
    payload = {
        "type": str(event_type),
        "id": event_id,
        "occurred_at": timezone.now().isoformat(),
        "data": data,
    }
    enqueue_in_transaction((task_name, payload) for task_name in subscribers_of(str(event_type)))
    return event_id
