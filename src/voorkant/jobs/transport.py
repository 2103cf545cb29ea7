"""How workers learn which jobs to claim: from the database itself (default), or through Redis.

``JOBS_TRANSPORT=database``: workers claim the oldest due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL) and
wake on ``LISTEN``/``NOTIFY`` (PostgreSQL) or by polling (SQLite).

``JOBS_TRANSPORT=redis``: the database stays the source of truth (the job row, its status, attempts, lease
and log, what the beheerder sees), but Redis carries the job ids from the enqueuer to the workers:

* ``<prefix>:ready``, a sorted set of the ids that are due, scored by (priority, id) so jobs leave in the
  same order as from the database; a worker blocks on it (``BZPOPMIN``) and pops a batch (``ZPOPMIN``), so
  each id goes to one worker and workers no longer compete for the same rows;
* ``<prefix>:delayed``, a sorted set of ``id:priority`` scored by due time (delayed jobs and retries),
  moved into the ready set by a Lua script once due.

The worker claims the popped ids with the same conditional UPDATE as always (status still ``queued``, due),
so an id that is stale or popped twice does nothing. An id lost on the way (Redis restarted without
persistence, a worker killed between pop and claim, Redis unreachable during an enqueue) is still a queued
row: every worker also claims from the database every ``JOBS_REDIS_SWEEP_SECONDS``. Redis being down
therefore delays jobs, never loses them.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

logger = logging.getLogger("voorkant.jobs.transport")


class DatabaseTransport:
    """Nothing to announce: the rows are the queue."""

    uses_redis = False

    def announce(self, jobs: list[tuple[int, datetime | str, int]]) -> None:
        return None


# Ready score: priority first, then id (queue order). Exact in a double for ids below 10^12 and priorities
# clamped to 0..8000 (the defaults are 50–200).
_PRIORITY_WEIGHT = 10**12


def _ready_score(job_id: int, priority: int) -> int:
    return min(max(priority, 0), 8000) * _PRIORITY_WEIGHT + job_id


# Move up to 500 due members ("id:priority") from the delayed set to the ready set, then pop up to ARGV[2].
_TAKE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, 500)
for _, member in ipairs(due) do
  local sep = string.find(member, ':', 1, true)
  local id = tonumber(string.sub(member, 1, sep - 1))
  local priority = math.min(math.max(tonumber(string.sub(member, sep + 1)), 0), 8000)
  redis.call('ZADD', KEYS[1], priority * 1000000000000 + id, id)
end
if #due > 0 then
  redis.call('ZREM', KEYS[2], unpack(due))
end
local popped = redis.call('ZPOPMIN', KEYS[1], ARGV[2])
local ids = {}
for i = 1, #popped, 2 do
  ids[#ids + 1] = popped[i]
end
return ids
"""


class RedisTransport:
    uses_redis = True

    def __init__(self, *, url: str, prefix: str) -> None:
        import redis  # only installs that choose this transport need the client loaded

        self._errors = (redis.RedisError, OSError)
        # The blocking wait must end before the socket timeout does.
        self.client = redis.Redis.from_url(
            url, socket_timeout=settings.JOBS_POLL_SECONDS + 10, socket_connect_timeout=3
        )
        self.ready_key = f"{prefix}:ready"
        self.delayed_key = f"{prefix}:delayed"
        self._take = self.client.register_script(_TAKE)
        self._warned_at = 0.0

    def _warn(self, what: str, exc: BaseException) -> None:
        # Once a minute at most: a Redis outage must not flood the log; the database sweep covers it.
        now = time.monotonic()
        if now - self._warned_at > 60:
            self._warned_at = now
            logger.warning("Redis %s failed (%s); jobs wait for the database sweep", what, type(exc).__name__)

    def announce(self, jobs: list[tuple[int, datetime | str, int]]) -> None:
        """Hand new or re-queued jobs (id, run_after, priority) to the workers: due ones to the ready set,
        later ones to the delayed set."""
        if not jobs:
            return
        now = timezone.now()
        ready: dict[str, int] = {}
        delayed: dict[str, float] = {}
        for job_id, run_after, priority in jobs:
            when = parse_datetime(run_after) if isinstance(run_after, str) else run_after
            if when is not None and timezone.is_naive(when):
                when = when.replace(tzinfo=UTC)
            if when is None or when <= now:
                ready[str(job_id)] = _ready_score(job_id, priority)
            else:
                delayed[f"{job_id}:{priority}"] = when.timestamp()
        try:
            pipe = self.client.pipeline(transaction=False)
            if ready:
                pipe.zadd(self.ready_key, ready)
            if delayed:
                pipe.zadd(self.delayed_key, delayed)
            pipe.execute()
        except self._errors as exc:
            self._warn("announce", exc)

    def take(self, limit: int) -> list[int] | None:
        """Pop up to ``limit`` due ids without waiting; None when Redis cannot be reached."""
        try:
            ids = self._take(keys=[self.ready_key, self.delayed_key], args=[time.time(), limit])
        except self._errors as exc:
            self._warn("take", exc)
            return None
        return [int(i) for i in ids or []]

    def wait(self, timeout: float) -> list[int] | None:
        """Block until an id is ready (or ``timeout`` seconds pass); None when Redis cannot be reached."""
        try:
            popped = self.client.bzpopmin([self.ready_key], timeout=max(0.01, timeout))
        except self._errors as exc:
            self._warn("wait", exc)
            return None
        return [int(popped[1])] if popped else []

    def clear(self) -> None:
        """Drop this prefix's keys (tests)."""
        self.client.delete(self.ready_key, self.delayed_key)


@cache
def _make(kind: str, url: str, prefix: str) -> DatabaseTransport | RedisTransport:
    if kind == "redis":
        return RedisTransport(url=url, prefix=prefix)
    return DatabaseTransport()


def transport() -> DatabaseTransport | RedisTransport:
    """The configured transport (one per process and configuration)."""
    return _make(settings.JOBS_TRANSPORT, settings.REDIS_URL, settings.JOBS_REDIS_PREFIX)
