"""The demo year comes with survey answers that follow the policy: sampled, identified, surveyed channels."""

from __future__ import annotations

from voorkant.contacts.models import Question
from voorkant.demo.generator import generate
from voorkant.surveys.demo import demo_survey_responses
from voorkant.surveys.models import SurveyInvitation, SurveyResponse
from voorkant.surveys.services import survey_settings


def test_demo_answers_follow_the_survey_policy(db):
    generate(contacts=600, seed=5)
    created = demo_survey_responses(seed=5)
    assert created == SurveyResponse.objects.count() > 0
    surveyed = set(survey_settings().channels.values_list("pk", flat=True))
    assert set(SurveyResponse.objects.values_list("channel_id", flat=True)) <= surveyed
    for invitation in SurveyInvitation.objects.all():
        assert Question.objects.filter(
            conversation_id=invitation.conversation_ref, involvements__party__isnull=False
        ).exists()
    assert SurveyInvitation.objects.filter(answered_at__isnull=False).count() == created
