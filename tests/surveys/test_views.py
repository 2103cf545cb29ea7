"""The public answer page, the coordinator's results and the beheerder's settings, over HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse

from voorkant.surveys.models import SurveyOptOut, SurveyResponse
from voorkant.surveys.services import survey_settings


def test_the_customer_answers_without_logging_in(client, invited):
    _, token = invited
    url = reverse("surveys:respond", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Hoe tevreden bent u over het contact met ons?" in page.content.decode()
    done = client.post(url, {"satisfaction": "5", "answered": "ja", "effort": "1", "comment": "Prima"})
    assert done.status_code == 200 and "Bedankt" in done.content.decode()
    assert SurveyResponse.objects.get().effort == 1
    again = client.get(url)
    assert again.status_code == 410 and "al ingevuld" in again.content.decode()


def test_a_missing_answer_is_named_at_the_field_and_the_rest_is_kept(client, invited):
    _, token = invited
    page = client.post(
        reverse("surveys:respond", args=[token]), {"answered": "deels", "comment": "Mijn tekst"}
    )
    body = page.content.decode()
    assert page.status_code == 400
    assert "Kies hoe tevreden u bent." in body
    assert "Mijn tekst" in body and 'value="deels" checked' in body
    assert not SurveyResponse.objects.exists()


def test_an_unknown_link_says_so(client, db):
    page = client.get(reverse("surveys:respond", args=["bestaat-niet"]))
    assert page.status_code == 410 and "niet (meer) geldig" in page.content.decode()


def test_opting_out_needs_a_click_not_just_a_visit(client, invited):
    _, token = invited
    url = reverse("surveys:opt_out", args=[token])
    assert client.get(url).status_code == 200
    assert not SurveyOptOut.objects.exists()
    assert client.post(url).status_code == 200
    assert SurveyOptOut.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "results", "settings"),
    [
        ("kcc", 403, 403),
        ("teamleider", 200, 403),
        ("backoffice", 403, 403),
        ("manager", 403, 403),
        ("beheerder", 403, 200),
        ("redacteur", 403, 403),
        ("privacy", 403, 403),
        ("zonderrol", 403, 403),
    ],
)
def test_permission_matrix(client_as, persona, results, settings):
    client = client_as(persona)
    assert client.get(reverse("surveys:results")).status_code == results
    assert client.get(reverse("surveys:settings")).status_code == settings


def test_results_list_has_the_same_queries_for_one_and_twenty_five_answers(
    client_as, register, everyone_sampled, query_counter
):
    from voorkant.surveys.models import SurveyInvitation

    client = client_as("teamleider")
    url = reverse("surveys:results")

    def add_answers(count):
        for n in range(count):
            conversation = register(email=f"klant{n}-{SurveyInvitation.objects.count()}@voorbeeld.invalid")
            invitation = SurveyInvitation.objects.create(
                conversation=conversation,
                conversation_ref=conversation.pk,
                token_hash=f"{conversation.pk:064d}",
                address_hash=f"{conversation.pk:064d}",
                created_at=conversation.started_at,
                expires_at=conversation.ended_at,
            )
            SurveyResponse.objects.create(
                invitation=invitation,
                conversation_ref=conversation.pk,
                contact_date=conversation.started_at.date(),
                channel_id=conversation.channel_id,
                satisfaction=1 + n % 5,
                answered="ja",
                answered_at=conversation.ended_at,
            )

    add_answers(1)
    one = query_counter(lambda: client.get(url))
    add_answers(24)
    many = query_counter(lambda: client.get(url))
    assert one == many
    page = client.get(url + "?ontevreden=1").content.decode()
    assert page.count("1 van 5") + page.count("2 van 5") == 11  # scores 1 and 2 among the 25


def test_the_beheerder_changes_the_policy_and_a_bad_percentage_is_refused(client_as, db):
    from voorkant.contacts.models import Channel

    client = client_as("beheerder")
    url = reverse("surveys:settings")
    chat = Channel.objects.get(code="chat")
    bad = client.post(
        url,
        {
            "is_enabled": "on",
            "sample_percentage": "150",
            "cooldown_days": "30",
            "response_days": "14",
            "comment_retention_days": "90",
            "channels": [chat.pk],
        },
    )
    assert bad.status_code == 400 and "Een percentage ligt tussen 0 en 100." in bad.content.decode()
    assert survey_settings().sample_percentage == 25
    good = client.post(
        url,
        {
            "sample_percentage": "10",
            "cooldown_days": "60",
            "response_days": "7",
            "comment_retention_days": "30",
            "channels": [chat.pk],
        },
    )
    assert good.status_code == 302
    policy = survey_settings()
    assert not policy.is_enabled and policy.sample_percentage == 10
    assert list(policy.channels.values_list("code", flat=True)) == ["chat"]
