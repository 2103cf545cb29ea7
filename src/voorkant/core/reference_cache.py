"""A per-process cache for the few reference rows every registration reads (channels, outcomes, protocol
versions with their fields).

These rows change a few times a year, through the beheerder's screens, yet a registration read four of them
per request: a quarter of its queries and much of its ORM work. Each process keeps what it read for
``REFERENCE_CACHE_SECONDS`` (default 10):

* a save or delete of a watched model (signals) clears the cache of the process that made it, at once and
  again after its commit, so that process never serves an old row;
* every other process (the second gunicorn worker, a job worker) keeps serving what it read until its entry is
  older than the TTL: that is the staleness window after the beheerder renames or deactivates a channel or
  outcome, or a new protocol version is published. Writes that bypass signals (``QuerySet.update``,
  ``bulk_create``) must call ``clear()`` themselves.

Cached instances are shared by every request of the process: read them, never change them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_ALL: list[ReferenceCache] = []


class ReferenceCache:
    """Values loaded by a callable, kept per key for ``REFERENCE_CACHE_SECONDS`` in this process."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._receivers: list[Callable[..., None]] = []  # signals hold receivers weakly
        _ALL.append(self)

    def get(self, key: Hashable, load: Callable[[], T]) -> T:
        ttl = settings.REFERENCE_CACHE_SECONDS
        if ttl <= 0:
            return load()
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        value = load()
        # Two threads may both load on a miss; the later store wins and both values are equally fresh.
        self._entries[key] = (now + ttl, value)
        return value

    def clear(self, **_signal_kwargs: Any) -> None:
        self._entries.clear()

    def clear_when_changed(self, *models: type[Model]) -> None:
        """Clear on every save or delete of these models: now, and once more after the commit, so that a
        read between the write and its commit (which may still see the old rows) is not kept."""

        def changed(**_kwargs: Any) -> None:
            self.clear()
            transaction.on_commit(self.clear)

        self._receivers.append(changed)
        for model in models:
            uid = f"reference-cache:{self.name}:{model._meta.label}"
            post_save.connect(changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}:delete")


def reference_caches_clear() -> None:
    """Clear every reference cache of this process (tests, after bulk loads and database flushes)."""
    for cache in _ALL:
        cache.clear()
