"""An API client with a token per scope set, and builders for the rows the API serves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

BASE = "/klantinteracties/api/v1/"


@pytest.fixture
def api(db) -> Callable[..., APIClient]:
    """``api(scopes=[...], confidential=False)``: a client sending a fresh token."""
    from voorkant.apitokens.models import ApiToken
    from voorkant.apitokens.services import api_token_create

    def make(scopes=("klantinteracties:write",), confidential=False) -> APIClient:
        issued = api_token_create(name="koppeling", scopes=list(scopes))
        if confidential:
            ApiToken.objects.filter(pk=issued.token.pk).update(may_see_confidential=True)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
        return client

    return make


@pytest.fixture
def writer(api) -> APIClient:
    return api()


@pytest.fixture
def make_question(db) -> Callable:
    """A klantcontact through the service, as another system would register it."""
    from voorkant.contacts.services.klantcontacts import channel_by_name, klantcontact_create

    def make(**fields):
        channel = channel_by_name(fields.pop("kanaal", "telefoon"))
        occurred_at = fields.pop("occurred_at", datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
        fields.setdefault("subject", "Paspoort aanvragen")
        return klantcontact_create(
            actor_label="test", channel=channel, occurred_at=occurred_at, fields=fields
        )

    return make


@pytest.fixture
def make_party(db) -> Callable:
    from voorkant.parties.party_changes import party_save

    def make(**changes):
        changes.setdefault("kind", "persoon")
        changes.setdefault("surname", "Jansen")
        return party_save(actor_label="test", changes=changes)

    return make


KLANTCONTACT = {
    "kanaal": "telefoon",
    "onderwerp": "Verhuizing doorgeven",
    "inhoud": "Klant verhuist per 1 mei.",
    "taal": "nld",
    "vertrouwelijk": False,
    "plaatsgevondenOp": "2026-03-02T10:00:00+01:00",
}
