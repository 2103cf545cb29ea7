"""Permission matrix for the search, klantbeeld, BSN reveal and processing-log screens.

The expected statuses are written out by hand, per URL and persona, not derived from the code's rules.
"""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import PERSONAS
from tests.parties.builders import party_build
from voorkant.contacts.models import ConversationDraft

pytestmark = pytest.mark.django_db

PERSONA_ORDER = [
    "kcc",
    "teamleider",
    "backoffice",
    "manager",
    "beheerder",
    "redacteur",
    "privacy",
    "zonderrol",
    None,
]

# (method, url template) -> expected status per persona, in PERSONA_ORDER (None = anonymous, sent to log-in).
EXPECTED = {
    ("GET", "/klanten/zoeken/?q=Moulin+01-12-1985"): [200, 200, 403, 403, 403, 403, 403, 403, 302],
    ("POST", "/klanten/zoeken/"): [200, 200, 403, 403, 403, 403, 403, 403, 302],
    # The back office reaches a klantbeeld only through a follow-up of its domain; this party has none, so
    # for them it does not exist (tests/followups/test_inbox.py covers the way in).
    ("GET", "/klanten/{party}/"): [200, 200, 404, 403, 403, 403, 403, 403, 302],
    ("POST", "/klanten/{party}/bsn-tonen/"): [200, 200, 403, 403, 403, 403, 403, 403, 302],
    ("POST", "/klanten/gesprek/{draft}/bsn-tonen/"): [200, 200, 403, 403, 403, 403, 403, 403, 302],
    ("GET", "/privacy/verwerkingen/"): [403, 403, 403, 403, 403, 403, 200, 403, 302],
    ("POST", "/privacy/verwerkingen/"): [403, 403, 403, 403, 403, 403, 200, 403, 302],
}

CASES = [
    (method, url, persona, statuses[i])
    for (method, url), statuses in EXPECTED.items()
    for i, persona in enumerate(PERSONA_ORDER)
]


def test_matrix_covers_every_persona():
    assert set(PERSONA_ORDER) - {None} == set(PERSONAS)


@pytest.mark.parametrize(("method", "url", "persona", "expected"), CASES)
def test_permission_matrix(client, make_persona, method, url, persona, expected):
    party = party_build(bsn="999993653")
    if persona is not None:
        user = make_persona(persona)
        client.force_login(user)
    # The draft belongs to the persona itself (a draft is private to its agent).
    owner = user if persona is not None else make_persona("kcc")
    draft = ConversationDraft.objects.create(
        user=owner,
        data={"caller": {"bsn": "999993653"}},
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    target = url.format(party=party.uuid, draft=draft.uuid)
    data = {"q": "999993653", "zoekterm": "999993653"} if method == "POST" else None
    response = client.post(target, data) if method == "POST" else client.get(target)
    assert response.status_code == expected, f"{method} {url} as {persona}"
    if expected == 302:
        assert response["Location"].startswith("/inloggen/")
