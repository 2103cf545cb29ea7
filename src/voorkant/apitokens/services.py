"""Creating, rotating and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from voorkant.apitokens.models import ApiToken
from voorkant.apitokens.scopes import invalid_scopes

KEY_PREFIX = "vk"


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once; never stored


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def parse_key(key: str) -> str | None:
    """The prefix of a well-formed key, or None."""
    parts = key.split("_", 2)  # the secret itself may contain underscores
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


def _new_key() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def api_token_create(
    *, name: str, scopes: list[str], expires_at: datetime | None = None, created_by=None
) -> IssuedToken:
    """Make a token and return its key once. Expiry defaults to APITOKEN_DEFAULT_DAYS from now."""
    bad = invalid_scopes(scopes)
    if bad or not scopes:
        raise ValidationError({"scopes": f"Onbekende of ontbrekende rechten: {', '.join(bad) or '(geen)'}."})
    prefix, key = _new_key()
    token = ApiToken.objects.create(
        name=name,
        prefix=prefix,
        key_hash=key_hash(key),
        scopes=sorted(set(scopes)),
        expires_at=expires_at or timezone.now() + timedelta(days=settings.APITOKEN_DEFAULT_DAYS),
        created_by=created_by,
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_rotate(*, token: ApiToken, grace: timedelta | None = None, created_by=None) -> IssuedToken:
    """Issue a successor with the same name and scopes; the old key keeps working for ``grace`` (default
    APITOKEN_ROTATION_GRACE_HOURS) so the client can switch without downtime."""
    api_token_cache_clear()
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    grace = grace if grace is not None else timedelta(hours=settings.APITOKEN_ROTATION_GRACE_HOURS)
    issued = api_token_create(name=token.name, scopes=list(token.scopes), created_by=created_by)
    token.expires_at = min(token.expires_at, timezone.now() + grace)
    token.replaced_by = issued.token
    token.save(update_fields=["expires_at", "replaced_by"])
    return issued


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    api_token_cache_clear()


# Tokens found by a full key's hash, per process, for APITOKEN_CACHE_SECONDS: a busy client should not cost a
# query per request. Every change through these services (and any ApiToken save, see apps.py) clears this
# process's cache at once; other processes notice within APITOKEN_CACHE_SECONDS (docs/api.md).
_cache: dict[str, tuple[float, ApiToken]] = {}


def api_token_cache_clear() -> None:
    _cache.clear()


def api_token_lookup(key: str) -> ApiToken | None:
    """The token whose hash matches ``key`` (usable or not), or None. Compares hashes in constant time."""
    prefix = parse_key(key)
    if prefix is None:
        return None
    digest = key_hash(key)
    ttl = settings.APITOKEN_CACHE_SECONDS
    cached = _cache.get(digest)
    if cached is not None and time.monotonic() - cached[0] < ttl:
        return cached[1]
    token = ApiToken.objects.filter(prefix=prefix).first()
    if token is None or not secrets.compare_digest(token.key_hash, digest):
        return None
    if ttl > 0:
        if len(_cache) > 1000:  # keys are few; this only bounds memory against a flood of valid keys
            _cache.clear()
        _cache[digest] = (time.monotonic(), token)
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record use at most once a minute: a busy client should not turn every GET into a write."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
