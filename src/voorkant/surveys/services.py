"""Inviting customers to a short satisfaction survey, taking their answer, forgetting what is not needed.

Every path (the domain-event job, the public answer page, the daily housekeeping) goes through these
functions.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from voorkant.contacts.models import Conversation, Question
from voorkant.jobs.context import job_processing_log_write
from voorkant.outbox.services import email_queue
from voorkant.parties.models import AddressKind, DigitalAddress
from voorkant.privacy.models import ProcessingActivity
from voorkant.privacy.services import Subject
from voorkant.surveys.defaults import INVITATION_TEMPLATE as _TEMPLATE
from voorkant.surveys.models import (
    AnsweredChoice,
    SurveyInvitation,
    SurveyOptOut,
    SurveyResponse,
    SurveySettings,
)

INVITATION_TEMPLATE = _TEMPLATE["code"]


class SurveyClosedError(Exception):
    """The link cannot be used (unknown, expired or already answered); ``message`` says so in Dutch."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class InvitationResult:
    invitation: SurveyInvitation | None
    # Why no invitation was sent (for the job log and tests); empty when one was sent.
    skipped: str = ""


def survey_settings() -> SurveySettings:
    """The single settings row (created with the defaults the migration gave it when missing)."""
    instance, _ = SurveySettings.objects.get_or_create(pk=1)
    return instance


def address_hash(address: str) -> str:
    """A keyed hash of an e-mail address: equal addresses match, the address itself is not stored."""
    return salted_hmac("voorkant.surveys.address", address.strip().lower(), algorithm="sha256").hexdigest()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def in_sample(conversation_uuid, percentage: int) -> bool:
    """Deterministic sampling: the same conversation is always in or out, whichever worker decides."""
    bucket = int(hashlib.sha256(str(conversation_uuid).encode()).hexdigest()[:8], 16) % 100
    return bucket < percentage


def _customer_email(conversation: Conversation) -> str | None:
    """The e-mail address the customer gave for this contact, else the one kept with their party.

    Only what the registration protocol kept is available here: a minimal protocol stores no party link and
    no contact details, so such a contact is never invited.
    """
    given = (
        DigitalAddress.objects.filter(
            involvement__question__conversation=conversation, kind=AddressKind.EMAIL
        )
        .order_by("id")
        .values_list("address", flat=True)
        .first()
    )
    if given:
        return given
    party_ids = list(
        Question.objects.filter(conversation=conversation, involvements__party__isnull=False)
        .values_list("involvements__party_id", flat=True)
        .distinct()
    )
    if len(party_ids) != 1:
        # No customer, or several: we cannot tell whom the contact was with.
        return None
    return (
        DigitalAddress.objects.filter(party_id=party_ids[0], kind=AddressKind.EMAIL)
        .order_by("-party__preferred_address", "id")
        .values_list("address", flat=True)
        .first()
    )


@transaction.atomic
def invitation_for_conversation(*, conversation_uuid: str) -> InvitationResult:
    """Invite the customer of a completed conversation, if policy, sampling and privacy allow it.

    Idempotent: a second call for the same conversation (a retried job) sends nothing new.
    """
    policy = survey_settings()
    if not policy.is_enabled:
        return InvitationResult(None, "uitgeschakeld")
    conversation = Conversation.objects.filter(uuid=conversation_uuid).select_related("channel").first()
    if conversation is None:
        return InvitationResult(None, "gesprek bestaat niet meer")
    if SurveyInvitation.objects.filter(conversation_ref=conversation.pk).exists():
        return InvitationResult(None, "al uitgenodigd")
    if not policy.channels.filter(pk=conversation.channel_id).exists():
        return InvitationResult(None, "kanaal doet niet mee")
    if Question.objects.filter(conversation=conversation, is_confidential=True).exists():
        # A confidential matter (e.g. a social-domain request) is no occasion for a marketing-style e-mail.
        return InvitationResult(None, "vertrouwelijk contact")
    if not in_sample(conversation.uuid, policy.sample_percentage):
        return InvitationResult(None, "niet in steekproef")
    address = _customer_email(conversation)
    if not address:
        return InvitationResult(None, "geen e-mailadres")
    hashed = address_hash(address)
    if SurveyOptOut.objects.filter(address_hash=hashed).exists():
        return InvitationResult(None, "afgemeld")
    now = timezone.now()
    if SurveyInvitation.objects.filter(
        address_hash=hashed, created_at__gte=now - timedelta(days=policy.cooldown_days)
    ).exists():
        return InvitationResult(None, "rustperiode")

    token = secrets.token_urlsafe(24)
    invitation = SurveyInvitation.objects.create(
        conversation=conversation,
        conversation_ref=conversation.pk,
        token_hash=token_hash(token),
        address_hash=hashed,
        created_at=now,
        expires_at=now + timedelta(days=policy.response_days),
    )
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    email_queue(
        template_code=INVITATION_TEMPLATE,
        to=address,
        context={
            "kanaal": conversation.channel.name.lower(),
            "datum": timezone.localtime(conversation.started_at).strftime("%d-%m-%Y"),
            "link": f"{base}/kto/{token}/",
            "afmelden": f"{base}/kto/{token}/afmelden/",
            "uiterlijk": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y"),
        },
        idempotency_key=f"kto-uitnodiging:{conversation.uuid}",
        object_type="enquete-uitnodiging",
        object_uuid=invitation.uuid,
    )
    job_processing_log_write(
        activity=ProcessingActivity.SATISFACTION_SURVEY,
        purpose="Klant uitnodigen voor een tevredenheidsonderzoek",
        action="kto.uitnodigen",
        subjects=[Subject("e-mail", address)],
        object_type="enquete-uitnodiging",
        object_uuid=invitation.uuid,
    )
    return InvitationResult(invitation)


def _open_invitation(token: str, *, for_update: bool = False) -> SurveyInvitation:
    query = SurveyInvitation.objects.all()
    if for_update:
        query = query.select_for_update()
    invitation = query.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise SurveyClosedError("Deze link is niet (meer) geldig.")
    if invitation.answered_at is not None:
        raise SurveyClosedError("U heeft deze vragenlijst al ingevuld. Bedankt!")
    if invitation.expires_at <= timezone.now():
        raise SurveyClosedError("De termijn om deze vragenlijst in te vullen is verlopen.")
    return invitation


def invitation_open(*, token: str) -> SurveyInvitation:
    """The invitation behind a link, or ``SurveyClosedError`` with the reason in Dutch."""
    return _open_invitation(token)


@transaction.atomic
def response_submit(
    *,
    token: str,
    satisfaction: int,
    answered: AnsweredChoice | str,
    effort: int | None = None,
    comment: str = "",
) -> SurveyResponse:
    """Store the customer's answer once. The scores are kept with the contact's date and channel only."""
    invitation = _open_invitation(token, for_update=True)
    if not 1 <= satisfaction <= 5 or (effort is not None and not 1 <= effort <= 5):
        raise ValueError("scores lie between 1 and 5")
    conversation = Conversation.objects.filter(pk=invitation.conversation_ref).first()
    if conversation is None:
        # The contact itself is gone (retention); its rollup facts remain, but we no longer know its date.
        raise SurveyClosedError("De termijn om deze vragenlijst in te vullen is verlopen.")
    now = timezone.now()
    response = SurveyResponse.objects.create(
        invitation=invitation,
        conversation_ref=invitation.conversation_ref,
        contact_date=timezone.localtime(conversation.started_at).date(),
        channel_id=conversation.channel_id,
        satisfaction=satisfaction,
        effort=effort,
        answered=AnsweredChoice(answered),
        comment=comment.strip()[:1000],
        answered_at=now,
    )
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    return response


@transaction.atomic
def opt_out(*, token: str) -> None:
    """No more invitations to the address this link was sent to. Works also after the survey closed."""
    invitation = SurveyInvitation.objects.filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise SurveyClosedError("Deze link is niet (meer) geldig.")
    SurveyOptOut.objects.get_or_create(address_hash=invitation.address_hash)


@transaction.atomic
def settings_update(*, user, values: dict, channels) -> SurveySettings:
    """Save the survey policy (the form has validated ``values``)."""
    policy = survey_settings()
    for name, value in values.items():
        setattr(policy, name, value)
    policy.updated_by = user
    policy.save()
    policy.channels.set(channels)
    return policy


@dataclass(frozen=True)
class HousekeepingResult:
    invitations_deleted: int
    comments_erased: int


@transaction.atomic
def housekeeping(*, now=None) -> HousekeepingResult:
    """Delete unanswered invitations once they are of no use, and erase comments past their retention.

    An unanswered invitation is kept as long as it can still be answered and as long as it enforces the
    cool-down for its address; after that it carries no purpose.
    """
    now = now or timezone.now()
    policy = survey_settings()
    keep_days = max(policy.cooldown_days, policy.response_days)
    deleted, _ = SurveyInvitation.objects.filter(
        answered_at__isnull=True, created_at__lt=now - timedelta(days=keep_days), expires_at__lt=now
    ).delete()
    erased = (
        SurveyResponse.objects.filter(
            comment_erased=False, answered_at__lt=now - timedelta(days=policy.comment_retention_days)
        )
        .exclude(comment="")
        .update(comment="", comment_erased=True)
    )
    return HousekeepingResult(invitations_deleted=deleted, comments_erased=erased)
