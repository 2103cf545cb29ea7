"""Who may open what: a hand-written table, not derived from the code's own rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voorkant.contacts.services import draft_create

# "kcc-draft" is a conversation draft owned by the kcc persona: its owner sees it, every other agent gets 404.
# 302 = sent to the log-in page, except kcc on the workspace: they have an open draft and continue it.
MATRIX = {
    # key: kcc, teamleider, backoffice, manager, beheerder, redacteur, privacy, zonderrol, anonymous
    "workspace": (302, 200, 403, 403, 403, 403, 403, 403, 302),
    "kcc-draft": (200, 404, 403, 403, 403, 403, 403, 403, 302),
    "products": (200, 200, 403, 403, 403, 403, 403, 403, 302),
    "channels": (403, 403, 403, 403, 200, 403, 403, 403, 302),
    "channel-add": (403, 403, 403, 403, 200, 403, 403, 403, 302),
    "channel-edit": (403, 403, 403, 403, 200, 403, 403, 403, 302),
    "outcomes": (403, 403, 403, 403, 200, 403, 403, 403, 302),
    "outcome-edit": (403, 403, 403, 403, 200, 403, 403, 403, 302),
}
PERSONAS = [
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


def _url(key: str, draft) -> str:
    from voorkant.contacts.models import Channel, Outcome

    return {
        "workspace": reverse("contacts:workspace"),
        "kcc-draft": reverse("contacts:draft", args=[draft.uuid]) if draft else "",
        "products": reverse("contacts:product_options") + "?q=pas",
        "channels": reverse("reference:channels"),
        "channel-add": reverse("reference:channel_add"),
        "channel-edit": reverse("reference:channel_edit", args=[Channel.objects.get(code="telefoon").pk]),
        "outcomes": reverse("reference:outcomes"),
        "outcome-edit": reverse("reference:outcome_edit", args=[Outcome.objects.order_by("pk").first().pk]),
    }[key]


@pytest.mark.parametrize("key", list(MATRIX))
@pytest.mark.parametrize("position", range(len(PERSONAS)), ids=[p or "anoniem" for p in PERSONAS])
def test_permission_matrix(client, make_persona, key, position):
    owner = make_persona("kcc")
    draft = draft_create(user=owner, channel_code="telefoon")
    persona = PERSONAS[position]
    if persona is not None:
        client.force_login(make_persona(persona))
    response = client.get(_url(key, draft))
    assert response.status_code == MATRIX[key][position], (key, persona)


@pytest.mark.parametrize(
    "persona,expected",
    [("kcc", 302), ("teamleider", 302), ("backoffice", 403), ("beheerder", 403), (None, 302)],
)
def test_only_agents_may_start_a_conversation(client, make_persona, persona, expected):
    from voorkant.contacts.models import ConversationDraft

    if persona:
        client.force_login(make_persona(persona))
    response = client.post(reverse("contacts:draft_create"), {"channel": "telefoon"})
    assert response.status_code == expected
    assert ConversationDraft.objects.exists() == (persona in ("kcc", "teamleider"))
