import pytest
from django.core import mail
from django.db import transaction
from django.template import TemplateSyntaxError

from voorkant.jobs.models import Job
from voorkant.outbox.models import EmailTemplate, OutboxMessage, OutboxStatus, RecordedEmail
from voorkant.outbox.services import email_queue, outbox_send_pending, template_compile
from voorkant.privacy.models import Channel, ProcessingLogRecord

CONTEXT = {
    "naam": "meneer De Vries",
    "onderwerp": "een kapotte lantaarnpaal",
    "afdeling": "team Openbare Ruimte",
    "uiterlijk": "vrijdag 6 maart",
    "kenmerk": "VK-123",
}


def queue(key="wijziging-1", to="inwoner@voorbeeld.invalid"):
    return email_queue(template_code="vervolgactie-bevestiging", to=to, context=CONTEXT, idempotency_key=key)


def test_a_queued_mail_is_rendered_from_the_beheerders_template(email_templates):
    message = queue()
    assert message.subject == "Wij hebben uw vraag doorgegeven"
    assert "Beste meneer De Vries," in message.body
    assert "doorgegeven aan team Openbare Ruimte" in message.body
    assert "Gemeente Voorbeeld" in message.body
    assert message.status == OutboxStatus.PENDING


def test_an_edited_template_is_used_at_once(email_templates):
    template = EmailTemplate.objects.get(code="vervolgactie-bevestiging")
    queue(key="a")
    template.subject = "Uw vraag over {{ onderwerp }}"
    template.save()
    assert queue(key="b").subject == "Uw vraag over een kapotte lantaarnpaal"


def test_text_is_not_html_escaped_in_a_plain_text_mail(email_templates):
    message = email_queue(
        template_code="algemeen-bericht",
        to="a@voorbeeld.invalid",
        context={"naam": "A & B", "onderwerp": "x", "tekst": "<geen html>"},
        idempotency_key="k",
    )
    assert "A & B" in message.body and "<geen html>" in message.body


def test_queuing_the_same_change_twice_gives_one_message(email_templates):
    first = queue(key="zelfde")
    second = queue(key="zelfde")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


def test_the_message_disappears_with_a_rolled_back_change(
    email_templates, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("wijziging mislukt")
    assert not OutboxMessage.objects.exists()
    assert not Job.objects.exists()


def test_a_committed_message_queues_one_send_job(email_templates, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue(key="1")
        queue(key="2")
    assert list(Job.objects.values_list("name", flat=True)) == ["outbox.send_pending"]


def test_sending_marks_sent_records_the_mail_and_logs_the_processing(email_templates, settings):
    settings.EMAIL_BACKEND = "voorkant.outbox.backends.RecordingEmailBackend"
    message = queue()
    outbox_send_pending()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    sent = RecordedEmail.objects.get()
    assert (sent.to, sent.subject) == ("inwoner@voorbeeld.invalid", "Wij hebben uw vraag doorgegeven")
    assert sent.message_id == f"<{message.uuid}@voorkant>"
    record = ProcessingLogRecord.objects.get(action="e-mail.verzenden")
    assert record.channel == Channel.JOB and record.subject_count == 1
    outbox_send_pending()  # nothing pending: nothing sent twice
    assert RecordedEmail.objects.count() == 1


def test_demo_mode_never_delivers(email_templates, settings):
    settings.DEMO_MODE = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    message = queue()
    outbox_send_pending()
    message.refresh_from_db()
    assert message.status == OutboxStatus.BLOCKED
    assert mail.outbox == []


def test_demo_mode_with_a_delivering_backend_fails_the_system_check(settings):
    from voorkant.outbox.checks import demo_mode_cannot_deliver

    settings.DEMO_MODE = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert [e.id for e in demo_mode_cannot_deliver(None)] == ["voorkant.E001"]
    settings.EMAIL_BACKEND = "voorkant.core.mail.UndeliverableEmailBackend"
    assert demo_mode_cannot_deliver(None) == []


def test_a_failing_transport_keeps_the_message_for_a_next_try(email_templates, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    message = queue()
    outbox_send_pending()
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.last_error


def test_a_template_mistake_is_caught_before_saving():
    with pytest.raises(TemplateSyntaxError):
        template_compile("Beste {% if %}")


def test_the_admin_form_shows_a_dutch_message_at_the_field(email_templates):
    from voorkant.outbox.admin import EmailTemplateForm

    form = EmailTemplateForm(
        data={"name": "x", "code": "x", "subject": "Hallo {% if %}", "body": "ok", "available_fields": ""}
    )
    assert not form.is_valid()
    assert "Controleer de schrijfwijze" in form.errors["subject"][0]


def test_default_templates_come_back_after_a_flush_without_undoing_the_beheerders_edits(db):
    from voorkant.outbox.defaults import TEMPLATES, ensure_default_templates
    from voorkant.outbox.models import EmailTemplate

    EmailTemplate.objects.filter(code="terugbelverzoek-bevestiging").delete()
    EmailTemplate.objects.filter(code="algemeen-bericht").update(subject="Eigen onderwerp")
    ensure_default_templates()
    codes = set(EmailTemplate.objects.values_list("code", flat=True))
    assert {t["code"] for t in TEMPLATES} <= codes
    assert EmailTemplate.objects.get(code="algemeen-bericht").subject == "Eigen onderwerp"
