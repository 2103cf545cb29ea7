"""Builders for survey tests: a registered conversation with an e-mail address, and its invitation's token."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.contacts.conftest import VALID_BSN, outcomes, phone, product  # noqa: F401 - fixtures


@pytest.fixture
def register(make_persona, phone, outcomes):  # noqa: F811
    """Register a one-question conversation; keyword arguments go to the question."""
    from voorkant.contacts.services import CallerRef, QuestionInput, conversation_register

    def make(*, email="inwoner@voorbeeld.invalid", bsn=VALID_BSN, channel=None, **question):
        now = timezone.now()
        question.setdefault("subject", "Vraag over afval")
        question.setdefault("outcome", outcomes["zelfstandig-afgehandeld"])
        return conversation_register(
            user=make_persona("kcc"),
            channel=channel or phone,
            started_at=now - timedelta(minutes=3),
            ended_at=now,
            caller=CallerRef(bsn=bsn) if bsn else None,
            questions=[QuestionInput(email=email, **question)],
        )

    return make


@pytest.fixture
def everyone_sampled(db):
    """Invite every contact, so a test does not depend on which bucket a random uuid falls in."""
    from voorkant.surveys.services import survey_settings

    policy = survey_settings()
    policy.sample_percentage = 100
    policy.save()
    return policy


def token_from_outbox(message) -> str:
    return re.search(r"/kto/([A-Za-z0-9_-]+)/\n", message.body).group(1)


@pytest.fixture
def invited(register, everyone_sampled):
    """A conversation whose customer was invited: (conversation, token)."""
    from voorkant.outbox.models import OutboxMessage
    from voorkant.surveys.services import invitation_for_conversation

    conversation = register()
    result = invitation_for_conversation(conversation_uuid=str(conversation.uuid))
    assert result.invitation is not None, result.skipped
    message = OutboxMessage.objects.get(template_code="kto-uitnodiging")
    return conversation, token_from_outbox(message)
