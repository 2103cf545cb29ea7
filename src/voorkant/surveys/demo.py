"""Fictitious survey answers for the demo year, so the dashboard and results screen show real-looking figures.

Written in bulk, past the services (like the rest of the demo data, see docs/demo-data.md): no e-mail is
queued and no token is usable. Who answers, and how, follows the survey policy and the contact's outcome:
a customer whose question was resolved at once is more often satisfied than one who was transferred.
"""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from voorkant.contacts.models import Conversation, OutcomeCategory, Question
from voorkant.surveys.models import SurveyInvitation, SurveyResponse
from voorkant.surveys.services import in_sample, survey_settings

RESPONSE_RATE = 0.3
# Satisfaction 5..1 weights for a resolved contact and for any other.
SATISFACTION_RESOLVED = [5, 4, 3, 1, 1]
SATISFACTION_OTHER = [3, 3, 2, 1, 1]
COMMENTS = [
    "Vriendelijk en snel geholpen.",
    "Ik moest lang wachten voordat ik iemand sprak.",
    "Duidelijk uitgelegd wat ik moet meenemen.",
    "Ik ben twee keer doorverbonden en moest mijn verhaal opnieuw vertellen.",
    "Prima, dank u wel.",
    "Ik heb nog steeds geen antwoord gekregen.",
]
BATCH = 5000


def _weighted(rng: random.Random, weights: list[int]) -> int:
    return rng.choices([5, 4, 3, 2, 1], weights=weights)[0]


def demo_survey_responses(*, seed: int) -> int:
    """Create invitations and answers for the sampled identified demo conversations; returns the answers."""
    rng = random.Random(seed * 7919 + 17)
    policy = survey_settings()
    channel_ids = set(policy.channels.values_list("pk", flat=True))
    unresolved = Question.objects.filter(conversation=OuterRef("pk")).exclude(
        outcome__category=OutcomeCategory.RESOLVED
    )
    identified = Question.objects.filter(conversation=OuterRef("pk"), involvements__party__isnull=False)
    rows = (
        Conversation.objects.filter(channel_id__in=channel_ids)
        .filter(Exists(identified))
        .annotate(has_unresolved=Exists(unresolved))
        .order_by("pk")
        .values_list("pk", "uuid", "channel_id", "started_at", "ended_at", "has_unresolved")
    )
    zone = timezone.get_current_timezone()
    invitations, answers = [], []
    created = 0
    for pk, uuid, channel_id, started_at, ended_at, has_unresolved in rows.iterator(chunk_size=BATCH):
        if not in_sample(uuid, policy.sample_percentage):
            continue
        digest = hashlib.sha256(f"demo-kto:{seed}:{pk}".encode()).hexdigest()
        sent = ended_at + timedelta(minutes=rng.randint(5, 90))
        invitation = SurveyInvitation(
            conversation_id=pk,
            conversation_ref=pk,
            token_hash=digest,
            address_hash=digest,
            created_at=sent,
            expires_at=sent + timedelta(days=policy.response_days),
        )
        invitations.append(invitation)
        if rng.random() < RESPONSE_RATE:
            invitation.answered_at = sent + timedelta(hours=rng.randint(1, 96))
            satisfaction = _weighted(rng, SATISFACTION_OTHER if has_unresolved else SATISFACTION_RESOLVED)
            answered = "ja" if satisfaction >= 4 else rng.choice(["deels", "nee"]) if has_unresolved else "ja"
            answers.append(
                SurveyResponse(
                    invitation=invitation,
                    conversation_ref=pk,
                    contact_date=started_at.astimezone(zone).date(),
                    channel_id=channel_id,
                    satisfaction=satisfaction,
                    effort=max(1, min(5, 6 - satisfaction + rng.choice([-1, 0, 0, 1]))),
                    answered=answered,
                    comment=rng.choice(COMMENTS) if rng.random() < 0.2 else "",
                    answered_at=invitation.answered_at,
                )
            )
        if len(invitations) >= BATCH:
            created += _flush(invitations, answers)
    created += _flush(invitations, answers)
    return created


def _flush(invitations: list[SurveyInvitation], answers: list[SurveyResponse]) -> int:
    SurveyInvitation.objects.bulk_create(invitations, batch_size=BATCH)
    for answer in answers:
        answer.invitation_id = answer.invitation.pk
    SurveyResponse.objects.bulk_create(answers, batch_size=BATCH)
    count = len(answers)
    invitations.clear()
    answers.clear()
    return count
