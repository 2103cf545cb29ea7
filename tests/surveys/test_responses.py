"""The customer's answer: stored once, within its term, with its scores; comments erased after retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from voorkant.surveys.models import SurveyInvitation, SurveyResponse
from voorkant.surveys.services import SurveyClosedError, housekeeping, response_submit


def test_an_answer_is_stored_once_with_the_contacts_date_and_channel(invited):
    conversation, token = invited
    response = response_submit(token=token, satisfaction=4, effort=2, answered="ja", comment="Snel geholpen")
    assert response.contact_date == timezone.localtime(conversation.started_at).date()
    assert response.channel_id == conversation.channel_id
    assert SurveyInvitation.objects.get().answered_at is not None
    with pytest.raises(SurveyClosedError, match="al ingevuld"):
        response_submit(token=token, satisfaction=1, answered="nee")
    assert SurveyResponse.objects.get().satisfaction == 4


def test_an_expired_or_unknown_link_is_refused_with_a_reason(invited):
    _, token = invited
    with pytest.raises(SurveyClosedError, match="niet \\(meer\\) geldig"):
        response_submit(token="onzin", satisfaction=3, answered="ja")
    SurveyInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(SurveyClosedError, match="verlopen"):
        response_submit(token=token, satisfaction=3, answered="ja")
    assert not SurveyResponse.objects.exists()


def test_scores_outside_one_to_five_are_refused(invited):
    _, token = invited
    with pytest.raises(ValueError):
        response_submit(token=token, satisfaction=6, answered="ja")
    assert not SurveyResponse.objects.exists()


def test_the_answer_outlives_the_conversations_retention(invited):
    conversation, token = invited
    response_submit(token=token, satisfaction=5, answered="ja")
    conversation_id = conversation.pk
    conversation.delete()
    response = SurveyResponse.objects.get()
    assert response.conversation_ref == conversation_id and response.satisfaction == 5


def test_housekeeping_erases_old_comments_and_drops_useless_invitations(invited, register):
    from voorkant.surveys.services import invitation_for_conversation

    _, token = invited
    response_submit(token=token, satisfaction=2, answered="nee", comment="Ik werd drie keer doorverbonden")
    later = timezone.now() + timedelta(days=91)
    result = housekeeping(now=later)
    response = SurveyResponse.objects.get()
    assert result.comments_erased == 1 and response.comment == "" and response.comment_erased
    assert response.satisfaction == 2  # the score stays for the dashboard
    # An unanswered invitation goes once it can neither be answered nor holds a cool-down.
    unanswered = invitation_for_conversation(
        conversation_uuid=str(register(email="ander@voorbeeld.invalid").uuid)
    )
    assert unanswered.invitation is not None
    assert housekeeping(now=timezone.now() + timedelta(days=10)).invitations_deleted == 0
    assert housekeeping(now=timezone.now() + timedelta(days=31)).invitations_deleted == 1
    assert SurveyInvitation.objects.count() == 1  # the answered one stays with its response
