"""The functional administrator keeps channels and outcomes; rows are deactivated, never deleted."""

from __future__ import annotations

from django.urls import reverse

from voorkant.contacts.models import Channel, Outcome, OutcomeCategory
from voorkant.contacts.selectors import active_channels, active_outcomes


def test_administrator_adds_an_outcome_mapped_to_a_category(client_as):
    client = client_as("beheerder")
    response = client.post(
        reverse("reference:outcome_add"),
        {
            "name": "Klacht doorgezet",
            "code": "klacht-doorgezet",
            "category": "vervolgactie",
            "order": 20,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(code="klacht-doorgezet")
    assert outcome.category == OutcomeCategory.FOLLOW_UP
    assert outcome in active_outcomes()


def test_deactivated_channel_disappears_from_the_agents_choice(client_as):
    client = client_as("beheerder")
    channel = Channel.objects.get(code="post")
    response = client.post(
        reverse("reference:channel_edit", args=[channel.pk]), {"name": "Post", "code": "post", "order": 5}
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.is_active is False
    assert channel not in active_channels()
    assert Channel.objects.filter(code="post").exists()


def test_duplicate_name_gets_a_message_at_the_field(client_as):
    client = client_as("beheerder")
    response = client.post(
        reverse("reference:channel_add"),
        {"name": "Telefoon", "code": "telefoon-2", "order": 1, "is_active": "on"},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert Channel.objects.filter(name="Telefoon").count() == 1


def test_reference_lists_take_the_same_queries_for_1_and_25_rows(client_as, query_counter):
    client = client_as("beheerder")
    Outcome.objects.exclude(pk=Outcome.objects.order_by("pk").first().pk).delete()
    url = reverse("reference:outcomes")
    one = query_counter(lambda: client.get(url))
    Outcome.objects.bulk_create(
        Outcome(code=f"uitkomst-{i}", name=f"Uitkomst {i}", category=OutcomeCategory.OTHER) for i in range(24)
    )
    assert Outcome.objects.count() == 25
    assert query_counter(lambda: client.get(url)) == one


def test_admin_never_lists_citizen_data():
    from django.contrib import admin

    from voorkant.contacts.models import Conversation, ConversationDraft, Involvement, Question, Transfer

    for model in [Conversation, Question, Involvement, Transfer, ConversationDraft]:
        assert not admin.site.is_registered(model), model
