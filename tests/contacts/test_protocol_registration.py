"""What is stored follows the product's registration protocol, on every path through the service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from voorkant.catalogue.models import FieldKind, Product, ProtocolLevel
from voorkant.catalogue.services import FieldSpec, proposal_decide, protocol_create, protocol_propose
from voorkant.contacts.models import Involvement, Question, QuestionAnswer
from voorkant.contacts.services import CallerRef, QuestionInput, conversation_register
from voorkant.parties.models import DigitalAddress, Party
from voorkant.privacy.models import ProcessingLogSubject
from voorkant.privacy.services import Subject, subject_hash

BSN = "999993653"  # RvIG test person Suzanne Moulin
WHY = "De consulent gebruikt dit bij de vervolgactie."


@pytest.fixture
def products(db):
    passport = Product.objects.create(name="paspoort")
    passport.protocol = protocol_create(
        code="paspoort", name="Paspoort", level=ProtocolLevel.MINIMAL, fields=[]
    ).protocol
    passport.save()
    wmo = Product.objects.create(name="wmo-voorziening")
    wmo.protocol = protocol_create(
        code="wmo",
        name="Wmo",
        level=ProtocolLevel.FULL,
        requires_follow_up=True,
        fields=[
            FieldSpec(
                key="hulpvraag", label="Hulpvraag", kind=FieldKind.LONG_TEXT, is_required=True, why_asked=WHY
            ),
            FieldSpec(key="mantelzorger", label="Mantelzorger?", kind=FieldKind.YES_NO, why_asked=WHY),
        ],
    ).protocol
    wmo.save()
    return {"passport": passport, "wmo": wmo}


def _outcome(code):
    from voorkant.contacts.models import Outcome

    return Outcome.objects.get(code=code)


IDENTIFIED = CallerRef(bsn=BSN)


def _register(user, questions, caller=IDENTIFIED):
    from voorkant.contacts.models import Channel

    now = timezone.now()
    return conversation_register(
        user=user,
        channel=Channel.objects.get(code="telefoon"),
        started_at=now - timedelta(minutes=3),
        ended_at=now,
        caller=caller,
        questions=questions,
    )


def _row_text(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed table names
        return " ".join(str(value) for value in cursor.fetchone())


def test_minimal_question_leaves_no_party_link_no_free_text_and_no_personal_data(make_persona, products):
    conversation = _register(
        make_persona("kcc"),
        [
            QuestionInput(
                subject="Paspoort verlopen, wat nu?",
                outcome=_outcome("zelfstandig-afgehandeld"),
                product=products["passport"],
                note="Mevrouw Moulin, Boterdiep 31, gaat op 3 mei op reis",
                phone="06-12345678",
                email="s.moulin@voorbeeld.invalid",
                answers={"bsn": BSN, "naam": "Moulin"},
            )
        ],
    )
    question = conversation.questions.get()
    assert question.protocol_version.protocol.code == "paspoort"
    assert question.note == ""
    assert not Involvement.objects.exists()
    assert not DigitalAddress.objects.exists()
    assert not QuestionAnswer.objects.exists()
    assert not Party.objects.exists()  # the caller was identified, but nothing needed a party
    for table, pk in (("contacts_question", question.pk), ("contacts_conversation", conversation.pk)):
        text = _row_text(table, pk)
        for secret in (BSN, "Moulin", "612345678", "moulin@", "Boterdiep"):
            assert secret not in text
    hashes = set(ProcessingLogSubject.objects.values_list("subject_hash", flat=True))
    assert subject_hash(Subject("bsn", BSN)) not in hashes


def test_minimal_question_with_a_follow_up_keeps_what_the_follow_up_needs(make_persona, products):
    conversation = _register(
        make_persona("kcc"),
        [
            QuestionInput(
                subject="Paspoort: terugbellen over spoedaanvraag",
                outcome=_outcome("vervolgactie"),
                product=products["passport"],
                phone="06-12345678",
            )
        ],
    )
    involvement = conversation.questions.get().involvements.get()
    assert involvement.party is not None
    assert involvement.digital_addresses.get().normalized == "+31612345678"


def test_full_protocol_refuses_an_anonymous_caller_and_saves_nothing(make_persona, products):
    with pytest.raises(ValidationError) as caught:
        _register(
            make_persona("kcc"),
            [
                QuestionInput(
                    subject="Hulp bij huishouden",
                    outcome=_outcome("vervolgactie"),
                    product=products["wmo"],
                    answers={"hulpvraag": "Kan niet meer stofzuigen"},
                )
            ],
            caller=None,
        )
    assert "q-0-caller" in caught.value.message_dict
    assert not Question.objects.exists()


def test_full_protocol_stores_its_answers_per_field_and_nothing_else(make_persona, products):
    conversation = _register(
        make_persona("kcc"),
        [
            QuestionInput(
                subject="Hulp bij huishouden",
                outcome=_outcome("vervolgactie"),
                product=products["wmo"],
                answers={"hulpvraag": "Kan niet meer stofzuigen", "mantelzorger": "nee", "inkomen": "2000"},
            )
        ],
    )
    question = conversation.questions.get()
    stored = {a.field.key: a.value for a in question.answers.select_related("field")}
    assert stored == {"hulpvraag": "Kan niet meer stofzuigen", "mantelzorger": False}
    assert question.involvements.get().party is not None


def test_missing_required_answer_is_refused_at_its_field(make_persona, products):
    with pytest.raises(ValidationError) as caught:
        _register(
            make_persona("kcc"),
            [QuestionInput(subject="Hulp", outcome=_outcome("vervolgactie"), product=products["wmo"])],
        )
    assert caught.value.message_dict["q-0-answer-hulpvraag"] == ["Dit veld is verplicht in dit protocol."]
    assert not Question.objects.exists()


def test_mixed_conversation_links_the_party_only_where_the_protocol_needs_it(make_persona, products):
    conversation = _register(
        make_persona("kcc"),
        [
            QuestionInput(
                subject="Kosten paspoort",
                outcome=_outcome("zelfstandig-afgehandeld"),
                product=products["passport"],
            ),
            QuestionInput(
                subject="Wmo-aanvraag",
                outcome=_outcome("vervolgactie"),
                product=products["wmo"],
                answers={"hulpvraag": "Traplift"},
            ),
            QuestionInput(subject="Afvalpas", outcome=_outcome("zelfstandig-afgehandeld")),
        ],
    )
    linked = {
        q.subject: q.involvements.filter(party__isnull=False).exists()
        for q in conversation.questions.order_by("pk")
    }
    assert linked == {"Kosten paspoort": False, "Wmo-aanvraag": True, "Afvalpas": True}


def test_questions_keep_their_protocol_version_and_new_ones_use_the_approved_proposal(make_persona, products):
    agent = make_persona("kcc")
    first = _register(
        agent,
        [
            QuestionInput(
                subject="Wmo",
                outcome=_outcome("vervolgactie"),
                product=products["wmo"],
                answers={"hulpvraag": "Rolstoel"},
            )
        ],
    ).questions.get()
    proposal = protocol_propose(
        protocol=products["wmo"].protocol,
        user=make_persona("teamleider"),
        level=ProtocolLevel.FULL,
        requires_follow_up=True,
        fields=[
            FieldSpec(
                key="hulpvraag", label="Hulpvraag", kind=FieldKind.LONG_TEXT, is_required=True, why_asked=WHY
            )
        ],
        rationale="Mantelzorger wordt elders gevraagd.",
    )
    proposal_decide(version=proposal, user=make_persona("manager"), approve=True, reason="Akkoord")
    second = _register(
        agent,
        [
            QuestionInput(
                subject="Wmo",
                outcome=_outcome("vervolgactie"),
                product=products["wmo"],
                answers={"hulpvraag": "Scootmobiel", "mantelzorger": "ja"},
            )
        ],
    ).questions.get()
    first.refresh_from_db()
    assert (first.protocol_version.number, second.protocol_version.number) == (1, 2)
    assert list(second.answers.values_list("field__key", flat=True)) == ["hulpvraag"]


def test_a_confidential_product_makes_its_questions_confidential_and_counts_them_apart(
    make_persona, products
):
    from voorkant.contacts.models import QuestionCount

    Product.objects.filter(pk=products["wmo"].pk).update(is_confidential_by_default=True)
    products["wmo"].refresh_from_db()
    conversation = _register(
        make_persona("kcc"),
        [
            QuestionInput(
                subject="Wmo",
                outcome=_outcome("vervolgactie"),
                product=products["wmo"],
                answers={"hulpvraag": "Traplift"},
            ),
            QuestionInput(subject="Afvalpas", outcome=_outcome("zelfstandig-afgehandeld")),
        ],
    )
    flags = dict(conversation.questions.values_list("subject", "is_confidential"))
    assert flags == {"Wmo": True, "Afvalpas": False}
    counts = dict(QuestionCount.objects.values_list("is_confidential", "total"))
    assert counts == {
        True: Question.objects.filter(is_confidential=True).count(),
        False: Question.objects.filter(is_confidential=False).count(),
    }
