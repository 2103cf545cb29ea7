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


def test_unknown_party_uuid_is_refused_at_the_caller(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    for party_uuid in ["niet-een-uuid", "6f1c4b0e-4a8e-4b53-9a53-1b2a3c4d5e6f"]:
        with pytest.raises(ValidationError) as caught:
            _register(
                agent,
                phone,
                [QuestionInput(subject="Vraag", outcome=outcomes["zelfstandig-afgehandeld"])],
                caller=CallerRef(party_uuid=party_uuid),
            )
        assert caught.value.message_dict["caller"] == ["Deze klant is niet gevonden. Zoek de klant opnieuw."]


def test_agents_without_klantbeeld_rights_cannot_register_for_a_stored_party(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    conversation = _register(
        agent,
        phone,
        [QuestionInput(subject="Eerste", outcome=outcomes["zelfstandig-afgehandeld"])],
        caller=CallerRef(bsn=VALID_BSN),
    )
    party = conversation.questions.get().involvements.get().party
    outsider = make_persona("backoffice")
    with pytest.raises(ValidationError):
        _register(
            outsider,
            phone,
            [QuestionInput(subject="Tweede", outcome=outcomes["zelfstandig-afgehandeld"])],
            caller=CallerRef(party_uuid=party.uuid),
        )


def test_registered_questions_reach_the_dashboard_through_domain_events(
    make_persona, phone, outcomes, django_capture_on_commit_callbacks
):
    from voorkant.dashboard.models import QuestionFact
    from voorkant.jobs.worker import Worker

    with django_capture_on_commit_callbacks(execute=True):
        conversation = _register(
            make_persona("kcc"),
            phone,
            [
                QuestionInput(subject="Afvalpas kwijt", outcome=outcomes["zelfstandig-afgehandeld"]),
                QuestionInput(subject="Grofvuil ophalen", outcome=outcomes["zelfstandig-afgehandeld"]),
            ],
        )
    assert not QuestionFact.objects.exists()  # the request itself does no dashboard work
    Worker(exit_when_idle=True, handle_signals=False, run_schedules=False, heartbeat_seconds=3600).run()
    ids = set(conversation.questions.values_list("id", flat=True))
    assert set(QuestionFact.objects.values_list("question_id", flat=True)) == ids


def test_questions_are_inserted_with_their_final_number_and_never_updated(make_persona, phone, outcomes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agent = make_persona("kcc")
    items = [
        QuestionInput(subject=f"Vraag {n}", outcome=outcomes["zelfstandig-afgehandeld"]) for n in range(3)
    ]
    with CaptureQueriesContext(connection) as queries:
        conversation = _register(agent, phone, items)
    assert not [q for q in queries if q["sql"].startswith('UPDATE "contacts_question"')]
    numbers = [q.number for q in conversation.registered_questions]
    stored = list(conversation.questions.order_by("pk").values_list("pk", "number"))
    assert numbers == [number for _pk, number in stored]
    assert all(number == str(pk).zfill(7) for pk, number in stored)  # the format is unchanged


def test_a_deleted_questions_number_is_never_handed_out_again(make_persona, phone, outcomes):
    agent = make_persona("kcc")
    item = QuestionInput(subject="Vraag", outcome=outcomes["zelfstandig-afgehandeld"])
    first = _register(agent, phone, [item]).registered_questions[0]
    Question.objects.filter(pk=first.pk).delete()  # e.g. the retention period ended
    second = _register(agent, phone, [item]).registered_questions[0]
    assert second.pk > first.pk and second.number != first.number


def test_reserved_numbers_and_database_assigned_ids_never_collide(make_persona, phone, outcomes):
    from voorkant.contacts.services import question_register

    agent = make_persona("kcc")
    outcome = outcomes["zelfstandig-afgehandeld"]
    registered = _register(agent, phone, [QuestionInput(subject="Een", outcome=outcome)]).registered_questions
    # A question inserted the other way (the database picks the id), then reserved ones again.
    other = Question.objects.create(
        number="~tijdelijk",
        conversation=registered[0].conversation,
        channel=phone,
        occurred_at=timezone.now(),
        subject="Anders",
        outcome=outcome,
    )
    single = question_register(
        conversation=registered[0].conversation, protocol_version=None, subject="Los", outcome=outcome
    )
    again = _register(agent, phone, [QuestionInput(subject="Twee", outcome=outcome)]).registered_questions
    ids = [registered[0].pk, other.pk, single.pk, again[0].pk]
    assert ids == sorted(ids) and len(set(ids)) == 4
    assert single.number == str(single.pk).zfill(7) == Question.objects.get(pk=single.pk).number


@pytest.mark.django_db(transaction=True)
def test_a_registration_commits_once_with_its_event_jobs(make_persona, phone, outcomes):
    from django.db import connection

    from voorkant.jobs.models import Job

    agent = make_persona("kcc")
    statements: list[tuple[str, bool]] = []

    def record(execute, sql, params, many, context):
        statements.append((sql, connection.get_autocommit()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        conversation = _register(
            agent, phone, [QuestionInput(subject="Vraag", outcome=outcomes["zelfstandig-afgehandeld"])]
        )
    writes = [
        (sql.split()[0:3], autocommit) for sql, autocommit in statements if sql.startswith(("INSERT", "WITH"))
    ]
    # Every write, the event's subscriber jobs included, runs inside the one transaction.
    assert writes and not [w for w in writes if w[1]]
    assert any("jobs_job" in sql for sql, _ in statements)
    question_ids = [question.pk for question in conversation.registered_questions]
    assert question_ids in [job.payload["data"].get("question_ids") for job in Job.objects.all()]
    if connection.vendor == "postgresql":
        # The same transaction id wrote the question and its jobs.
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text FROM contacts_question WHERE id = %s", [question_ids[0]])
            question_xmin = cursor.fetchone()[0]
            cursor.execute("SELECT DISTINCT xmin::text FROM jobs_job")
            assert [row[0] for row in cursor.fetchall()] == [question_xmin]


def test_the_agents_actor_is_read_once_and_follows_a_new_employee_record(
    make_persona, phone, outcomes, organisation
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from voorkant.organisation.roles import Role
    from voorkant.organisation.services import employee_create, user_create

    item = QuestionInput(subject="Vraag", outcome=outcomes["zelfstandig-afgehandeld"])
    agent = make_persona("kcc")
    assert _register(agent, phone, [item]).agent == agent.employee.actor
    with CaptureQueriesContext(connection) as queries:
        _register(agent, phone, [item])
    assert not [q for q in queries if 'FROM "organisation_actor"' in q["sql"]]
    # A user without an employee record registers without an agent, until the record exists.
    newcomer = user_create(
        username="nieuw",
        password="x-wachtwoord-1",
        first_name="Nieuw",
        last_name="Test",
        email="nieuw@voorbeeld.invalid",
        roles=[Role.AGENT],
    )
    assert _register(newcomer, phone, [item]).agent is None
    employee_create(name="Nieuw Test", user=newcomer, teams=[organisation["kcc_team"]], leads=[])
    assert _register(newcomer, phone, [item]).agent == newcomer.employee.actor
