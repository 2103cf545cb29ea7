"""API tokens. Only a SHA-256 hash of the secret is stored; the key is shown once, when it is made."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A key an outside system uses for Voorkant's APIs: ``vk_<prefix>_<secret>``.

    The prefix finds the row; the hash of the whole key proves it. Keys are long random strings, so a plain
    hash (no salt, no slow hash) is safe and keeps each request to one indexed lookup.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, help_text="Voor welk systeem of welke koppeling deze sleutel is.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list, help_text="Rechten, bijvoorbeeld ['klantinteracties:read'].")
    may_see_confidential = models.BooleanField(
        default=False,
        help_text="Aan als deze koppeling vertrouwelijke klantcontacten mag zien. Zonder dit vinkje blijven "
        "ze voor de koppeling onzichtbaar.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField(help_text="Na dit moment werkt de sleutel niet meer.")
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="Ingetrokken op.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces", editable=False
    )

    class Meta:
        ordering = ["name", "-created_at"]
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class ApiClient:
    """The principal DRF puts in request.user for a token: authenticated, but not a Django user."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_active = True
    pk = None

    def __init__(self, token: ApiToken) -> None:
        self.token = token

    def get_username(self) -> str:
        return f"api:{self.token.name}"

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def __str__(self) -> str:
        return self.get_username()
