"""The customer's e-mails: on creation (what happens, by when) and on resolution; never twice."""

from __future__ import annotations

import pytest

from voorkant.followups import services
from voorkant.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_callback_confirmation_names_the_deadline_and_the_reference(make_task, clock):
    clock("2026-03-02 10:00")
    task = make_task(contact_email="klant@voorbeeld.invalid", contact_name="mevrouw Jansen")
    message = OutboxMessage.objects.get()
    assert message.template_code == "terugbelverzoek-bevestiging"
    assert message.to == "klant@voorbeeld.invalid"
    assert "donderdag 5 maart 2026 om 17:00" in message.body
    assert task.number in message.body and "Beste mevrouw Jansen" in message.body


def test_no_email_address_no_email(make_task):
    make_task()
    assert not OutboxMessage.objects.exists()


def test_resolution_mail_carries_the_message_for_the_customer(make_task, by):
    task = make_task(contact_email="klant@voorbeeld.invalid", kind="email_terug")
    services.followup_resolve(by=by, task=task, result="intern", customer_message="Uw aanvraag is toegekend.")
    resolved = OutboxMessage.objects.get(template_code="vervolgactie-afgerond")
    assert "Uw aanvraag is toegekend." in resolved.body and "intern" not in resolved.body


def test_queuing_again_as_a_retried_job_would_writes_no_second_message(make_task, by):
    task = make_task(contact_email="klant@voorbeeld.invalid")
    services._email_customer(task, event="created")
    services.followup_resolve(by=by, task=task, result="Klaar")
    task.refresh_from_db()
    services._email_customer(task, event="resolved")
    assert OutboxMessage.objects.count() == 2


def test_resolving_again_after_a_reopen_sends_a_new_message(make_task, by):
    task = make_task(contact_email="klant@voorbeeld.invalid")
    services.followup_resolve(by=by, task=task, result="Klaar")
    services.followup_reopen(by=by, task=task, reason="Toch niet")
    services.followup_resolve(by=by, task=task, result="Nu wel")
    assert OutboxMessage.objects.filter(template_code="vervolgactie-afgerond").count() == 2


def test_api_made_task_sends_the_customer_nothing(make_question, wmo, organisation):
    services.followup_create(
        by=services.Author(label="koppeling", channel="api"),
        question=make_question(product=wmo),
        requested_action="Bellen",
        contact_email="klant@voorbeeld.invalid",
    )
    assert not OutboxMessage.objects.exists()


def test_klantbeeld_shows_the_follow_up_and_its_result(client_as, make_question, wmo, by):
    from voorkant.contacts.models import Involvement
    from voorkant.parties.party_changes import party_save

    party = party_save(actor_label="test", changes={"kind": "persoon", "surname": "Jansen"})
    question = make_question(product=wmo)
    Involvement.objects.create(question=question, party=party, occurred_at=question.occurred_at)
    task = services.followup_create(by=by, question=question, requested_action="Bellen")
    services.followup_resolve(by=by, task=task, result="Huishoudelijke hulp toegekend")
    page = client_as("kcc").get(f"/klanten/{party.uuid}/").content.decode()
    assert task.number in page and "Huishoudelijke hulp toegekend" in page
