"""Registering a conversation: questions, involvements, numbering, the processing log, all or nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.contacts.conftest import VALID_BSN
from voorkant.contacts.models import Conversation, Involvement, Question, Transfer
from voorkant.contacts.services import CallerRef, QuestionInput, TransferInput, conversation_register
from voorkant.parties.models import DigitalAddress, Party
from voorkant.privacy.models import ProcessingActivity, ProcessingLogRecord
from voorkant.privacy.selectors import processing_log_for_subject
from voorkant.privacy.services import Subject


def _register(user, channel, questions, caller=None):
    now = timezone.now()
    return conversation_register(
        user=user,
        channel=channel,
        started_at=now - timedelta(minutes=4),
        ended_at=now,
        caller=caller,
        questions=questions,
    )


def test_two_questions_become_two_numbered_klantcontacten(
    make_persona, phone, outcomes, product, knowledge_item
):
    agent = make_persona("kcc")
    conversation = _register(
        agent,
        phone,
        [
            QuestionInput(
                subject="Paspoort aanvragen",
                outcome=outcomes["zelfstandig-afgehandeld"],
                product=product,
                knowledge_item=knowledge_item,
            ),
            QuestionInput(
                subject="Afval niet opgehaald", outcome=outcomes["vervolgactie"], note="Sinds dinsdag"
            ),
        ],
        caller=CallerRef(bsn=VALID_BSN),
    )
    questions = list(conversation.questions.order_by("pk"))
    assert [q.subject for q in questions] == ["Paspoort aanvragen", "Afval niet opgehaald"]
    assert all(q.number == str(q.pk).zfill(7) and len(q.number) <= 10 for q in questions)
    assert questions[0].answer_found is True  # derived from the linked kennisbank item
    assert questions[1].answer_found is False
    assert questions[0].protocol_version.protocol.code == "standaard"
    assert questions[0].channel == phone
    assert conversation.agent == agent.employee.actor


def test_identified_caller_links_every_question_to_one_party(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    conversation = _register(
        agent,
        phone,
        [
            QuestionInput(subject="Vraag een", outcome=outcomes["zelfstandig-afgehandeld"]),
            QuestionInput(subject="Vraag twee", outcome=outcomes["zelfstandig-afgehandeld"]),
        ],
        caller=CallerRef(bsn=VALID_BSN),
    )
    party = Party.objects.get()
    assert party.identifiers.get().value == VALID_BSN
    assert Involvement.objects.filter(question__conversation=conversation, party=party).count() == 2
    # A second conversation with the same person reuses the party (C9167: a reusable party).
    _register(
        agent,
        phone,
        [QuestionInput(subject="Nog een", outcome=outcomes["zelfstandig-afgehandeld"])],
        caller=CallerRef(party_uuid=party.uuid),
    )
    assert Party.objects.count() == 1
    assert Involvement.objects.filter(party=party).count() == 3


def test_question_not_about_the_caller_stores_no_party_link(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    conversation = _register(
        agent,
        phone,
        [
            QuestionInput(
                subject="Openingstijden", outcome=outcomes["zelfstandig-afgehandeld"], needs_party=False
            )
        ],
        caller=CallerRef(bsn=VALID_BSN),
    )
    assert not Involvement.objects.filter(question__conversation=conversation).exists()


def test_anonymous_conversation_stores_no_party(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    conversation = _register(
        agent,
        phone,
        [
            QuestionInput(subject="Openingstijden stadhuis", outcome=outcomes["zelfstandig-afgehandeld"]),
            QuestionInput(
                subject="Terugbellen over bijstand", outcome=outcomes["vervolgactie"], phone="06-12 34 56 78"
            ),
        ],
    )
    assert Party.objects.count() == 0
    involvements = list(Involvement.objects.filter(question__conversation=conversation))
    # Nothing known for the first question: no involvement; the second keeps its callback number only there.
    assert len(involvements) == 1
    assert involvements[0].party is None
    address = DigitalAddress.objects.get()
    assert address.involvement == involvements[0]
    assert address.party is None
    assert address.normalized == "+31612345678"


def test_registration_writes_one_log_record_with_hashed_subjects(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    conversation = _register(
        agent,
        phone,
        [
            QuestionInput(subject="Een", outcome=outcomes["zelfstandig-afgehandeld"]),
            QuestionInput(subject="Twee", outcome=outcomes["zelfstandig-afgehandeld"]),
        ],
        caller=CallerRef(bsn=VALID_BSN),
    )
    record = ProcessingLogRecord.objects.get()
    assert record.activity == ProcessingActivity.CUSTOMER_CONTACT
    assert record.object_uuid == conversation.uuid
    assert record.subject_count == 2
    party = Party.objects.get()
    assert list(processing_log_for_subject(subject=Subject("bsn", VALID_BSN))) == [record]
    assert list(processing_log_for_subject(subject=Subject("partij", str(party.uuid)))) == [record]
    assert not record.subjects.filter(subject_hash__contains=VALID_BSN).exists()


def test_one_invalid_question_saves_nothing(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    with pytest.raises(ValidationError) as caught:
        _register(
            agent,
            phone,
            [
                QuestionInput(subject="Goede vraag", outcome=outcomes["zelfstandig-afgehandeld"]),
                QuestionInput(subject="", outcome=None),
            ],
            caller=CallerRef(bsn=VALID_BSN),
        )
    assert set(caught.value.message_dict) == {"q-1-subject", "q-1-outcome"}
    assert Conversation.objects.count() == 0
    assert Question.objects.count() == 0
    assert Party.objects.count() == 0
    assert ProcessingLogRecord.objects.count() == 0


def test_over_long_subject_and_note_get_dutch_messages_at_the_field(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    with pytest.raises(ValidationError) as caught:
        _register(
            agent,
            phone,
            [QuestionInput(subject="x" * 201, note="y" * 1001, outcome=outcomes["zelfstandig-afgehandeld"])],
        )
    errors = caught.value.message_dict
    assert errors["q-0-subject"] == ["Het onderwerp is te lang: maximaal 200 tekens, nu 201."]
    assert errors["q-0-note"] == ["De notitie is te lang: maximaal 1000 tekens, nu 1001."]


def test_invalid_bsn_fails_the_elfproef(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    with pytest.raises(ValidationError) as caught:
        _register(
            agent,
            phone,
            [QuestionInput(subject="Vraag", outcome=outcomes["zelfstandig-afgehandeld"])],
            caller=CallerRef(bsn="123456789"),
        )
    assert "elfproef" in caught.value.message_dict["caller"][0]


def test_transfer_records_connected_and_right_person_separately(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    with pytest.raises(ValidationError) as caught:
        _register(agent, phone, [QuestionInput(subject="Wmo", outcome=outcomes["doorverbonden"])])
    assert "q-0-connected" in caught.value.message_dict
    _register(
        agent,
        phone,
        [
            QuestionInput(
                subject="Wmo",
                outcome=outcomes["doorverbonden"],
                transfer=TransferInput(
                    connected=True, reached_right_person=False, target_label="Team Wmo", wait_seconds=40
                ),
            )
        ],
    )
    transfer = Transfer.objects.get()
    assert (transfer.connected, transfer.reached_right_person, transfer.wait_seconds) == (True, False, 40)
