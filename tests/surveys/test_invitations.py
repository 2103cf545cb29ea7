"""Who is invited, and what an invitation keeps: the rules that protect the customer from survey spam."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tests.surveys.conftest import token_from_outbox
from voorkant.outbox.models import OutboxMessage
from voorkant.privacy.models import ProcessingActivity, ProcessingLogRecord
from voorkant.privacy.selectors import processing_log_for_subject
from voorkant.privacy.services import Subject
from voorkant.surveys.models import SurveyInvitation, SurveyOptOut
from voorkant.surveys.services import (
    in_sample,
    invitation_for_conversation,
    opt_out,
    survey_settings,
    token_hash,
)


def _invite(conversation):
    return invitation_for_conversation(conversation_uuid=str(conversation.uuid))


def test_an_invited_customer_gets_one_mail_with_a_link_and_the_address_is_not_stored(
    register, everyone_sampled
):
    conversation = register(email="Jan.Jansen@Voorbeeld.invalid")
    result = _invite(conversation)
    invitation = result.invitation
    message = OutboxMessage.objects.get(template_code="kto-uitnodiging")
    assert message.to == "Jan.Jansen@Voorbeeld.invalid"
    assert "/kto/" in message.body and "afmelden" in message.body
    token = token_from_outbox(message)
    # Only the token's hash is kept, and the address only as a keyed hash.
    assert invitation.token_hash == token_hash(token)
    stored = SurveyInvitation.objects.filter(pk=invitation.pk).values().get()
    assert not any("voorbeeld.invalid" in str(value).lower() for value in stored.values())
    assert invitation.expires_at - invitation.created_at == timedelta(days=everyone_sampled.response_days)


def test_the_invitation_is_in_the_processing_log_as_a_job_under_its_own_activity(register, everyone_sampled):
    _invite(register(email="kto@voorbeeld.invalid"))
    record = ProcessingLogRecord.objects.get(action="kto.uitnodigen")
    assert record.activity == ProcessingActivity.SATISFACTION_SURVEY
    assert record.channel == "job"
    found = processing_log_for_subject(subject=Subject("e-mail", "kto@voorbeeld.invalid"))
    assert record.pk in [r.pk for r in found]


def test_a_retried_job_sends_no_second_invitation(register, everyone_sampled):
    conversation = register()
    assert _invite(conversation).invitation is not None
    again = _invite(conversation)
    assert again.invitation is None and again.skipped == "al uitgenodigd"
    assert OutboxMessage.objects.filter(template_code="kto-uitnodiging").count() == 1


def test_no_invitation_without_an_email_address(register, everyone_sampled):
    result = _invite(register(email="", bsn=None))
    assert result.invitation is None and result.skipped == "geen e-mailadres"


def test_the_partys_own_email_address_is_used_when_none_was_given_for_this_contact(
    register, everyone_sampled
):
    from voorkant.parties.models import AddressKind, DigitalAddress, Party

    first = register(email="")
    party = Party.objects.get()
    DigitalAddress.objects.create(party=party, kind=AddressKind.EMAIL, address="bekend@voorbeeld.invalid")
    assert _invite(first).invitation is not None
    assert OutboxMessage.objects.get(template_code="kto-uitnodiging").to == "bekend@voorbeeld.invalid"


def test_a_confidential_contact_is_never_surveyed(register, everyone_sampled):
    from voorkant.contacts.models import Question

    conversation = register()
    Question.objects.filter(conversation=conversation).update(is_confidential=True)
    assert _invite(conversation).skipped == "vertrouwelijk contact"
    assert not OutboxMessage.objects.exists()


def test_a_channel_left_out_by_the_beheerder_is_not_surveyed(register, everyone_sampled):
    from voorkant.contacts.models import Channel

    post = Channel.objects.get(code="post")
    assert not everyone_sampled.channels.filter(pk=post.pk).exists()
    assert _invite(register(channel=post)).skipped == "kanaal doet niet mee"


def test_the_same_address_is_not_asked_again_within_the_cooldown(register, everyone_sampled):
    assert _invite(register(email="vaak@voorbeeld.invalid")).invitation is not None
    assert _invite(register(email="VAAK@voorbeeld.invalid")).skipped == "rustperiode"
    # After the cool-down the address may be asked again.
    SurveyInvitation.objects.update(
        created_at=timezone.now() - timedelta(days=everyone_sampled.cooldown_days + 1)
    )
    assert _invite(register(email="vaak@voorbeeld.invalid")).invitation is not None


def test_an_opted_out_address_is_never_invited_again(register, invited):
    _, token = invited
    opt_out(token=token)
    assert SurveyOptOut.objects.count() == 1
    SurveyInvitation.objects.update(created_at=timezone.now() - timedelta(days=400))
    assert _invite(register()).skipped == "afgemeld"


def test_switched_off_surveys_send_nothing(register, everyone_sampled):
    everyone_sampled.is_enabled = False
    everyone_sampled.save()
    assert _invite(register()).skipped == "uitgeschakeld"


def test_sampling_is_deterministic_and_close_to_the_percentage():
    import uuid

    ids = [uuid.UUID(int=n * 7919 + 13) for n in range(4000)]
    share = sum(in_sample(i, 25) for i in ids) / len(ids)
    assert 0.22 < share < 0.28
    assert [in_sample(i, 25) for i in ids[:50]] == [in_sample(i, 25) for i in ids[:50]]
    assert not any(in_sample(i, 0) for i in ids) and all(in_sample(i, 100) for i in ids)


def test_a_completed_conversation_leads_to_an_invitation_through_the_domain_event(
    register, everyone_sampled, django_capture_on_commit_callbacks
):
    from voorkant.jobs.worker import Worker

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        register()
    Worker(
        exit_when_idle=True,
        handle_signals=False,
        run_schedules=False,
        heartbeat_seconds=3600,
        lease_seconds=7200,
    ).run()
    assert SurveyInvitation.objects.count() == 1


def test_a_new_installation_surveys_a_quarter_of_the_contacts_on_the_personal_channels(db):
    policy = survey_settings()
    codes = set(policy.channels.values_list("code", flat=True))
    assert codes == {"telefoon", "balie", "e-mail", "webformulier", "chat"}
    assert policy.is_enabled and policy.sample_percentage == 25
