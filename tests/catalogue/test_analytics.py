"""The coordinators' protocol analytics: empty optional fields, filler in required ones, answers opened later
(from the processing log), and the filler rule itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from voorkant.catalogue.models import FieldKind, Product, ProtocolLevel
from voorkant.catalogue.selectors import protocol_field_analytics
from voorkant.catalogue.services import FieldSpec, answer_is_filler, protocol_create
from voorkant.contacts.models import Channel, Outcome, Question, QuestionAnswer
from voorkant.contacts.services import CallerRef, QuestionInput, conversation_register
from voorkant.privacy.models import ProcessingLogRecord

WHY = "De consulent gebruikt dit."


@pytest.mark.parametrize(
    "value",
    ["-", ".", "...", " - ", "n.v.t.", "NVT", "n/a", "onbekend", "Onbekend.", "x", "XXX", "0000", "??"],
)
def test_filler_is_recognised(value):
    assert answer_is_filler(kind=FieldKind.SHORT_TEXT, value=value)


@pytest.mark.parametrize("value", ["Sinds maart", "geen mantelzorger", "nee", "12", "Jan", "x-as"])
def test_real_answers_are_not_filler(value):
    assert not answer_is_filler(kind=FieldKind.LONG_TEXT, value=value)


def test_only_free_text_can_be_filler():
    assert not answer_is_filler(kind=FieldKind.NUMBER, value="0")
    assert not answer_is_filler(kind=FieldKind.CHOICE, value="x")


@pytest.fixture
def wmo(db):
    version = protocol_create(
        code="wmo",
        name="Wmo",
        level=ProtocolLevel.STANDARD,
        fields=[
            FieldSpec(
                key="hulpvraag", label="Hulpvraag", kind=FieldKind.LONG_TEXT, is_required=True, why_asked=WHY
            ),
            FieldSpec(key="sinds", label="Sinds wanneer", kind=FieldKind.SHORT_TEXT, why_asked=WHY),
        ],
    )
    product = Product.objects.create(name="wmo-voorziening", protocol=version.protocol)
    return product


def _register(user, product, answers):
    now = timezone.now()
    return conversation_register(
        user=user,
        channel=Channel.objects.get(code="telefoon"),
        started_at=now - timedelta(minutes=2),
        ended_at=now,
        caller=CallerRef(bsn="999993653"),
        questions=[
            QuestionInput(
                subject="Hulp",
                outcome=Outcome.objects.get(code="zelfstandig-afgehandeld"),
                product=product,
                answers=answers,
            )
        ],
    )


def test_analytics_count_empty_filler_and_later_opened_answers(make_persona, client_as, wmo):
    agent = make_persona("kcc")
    _register(agent, wmo, {"hulpvraag": "Kan niet meer koken", "sinds": "maart"})
    _register(agent, wmo, {"hulpvraag": "n.v.t."})
    _register(agent, wmo, {"hulpvraag": "-", "sinds": ""})
    assert list(
        QuestionAnswer.objects.filter(is_filler=True).values_list("value", flat=True).order_by("pk")
    ) == [
        "n.v.t.",
        "-",
    ]
    first = Question.objects.order_by("pk").first()

    # The back office opens the first question's answers later, twice: that is one question opened.
    coordinator = client_as("teamleider")
    for _ in range(2):
        response = coordinator.get(f"/werkplek/vraag/{first.uuid}/antwoorden/")
        assert "Kan niet meer koken" in response.content.decode()
    record = ProcessingLogRecord.objects.filter(action="protocolantwoorden.raadplegen").first()
    assert (record.object_uuid, record.subject_count) == (first.uuid, 1)

    rows = {row["key"]: row for row in protocol_field_analytics(protocol=wmo.protocol)}
    assert (rows["hulpvraag"]["asked"], rows["hulpvraag"]["empty"], rows["hulpvraag"]["filler"]) == (3, 0, 2)
    assert (rows["sinds"]["asked"], rows["sinds"]["empty"], rows["sinds"]["filler"]) == (3, 2, 0)
    assert (rows["hulpvraag"]["opened"], rows["sinds"]["opened"]) == (1, 1)
    assert rows["hulpvraag"]["filler_share"] == 67

    page = coordinator.get("/catalogus/protocollen/wmo/").content.decode()
    assert "Hoe de vragen worden ingevuld" in page and "Opvulling" in page


def test_questions_outside_the_period_are_not_counted(make_persona, wmo):
    _register(make_persona("kcc"), wmo, {"hulpvraag": "-"})
    Question.objects.update(occurred_at=timezone.now() - timedelta(days=120))
    rows = {row["key"]: row for row in protocol_field_analytics(protocol=wmo.protocol)}
    assert (rows["hulpvraag"]["asked"], rows["hulpvraag"]["filler"]) == (0, 0)


ANSWERS_MATRIX = {
    "kcc": 200,
    "teamleider": 200,
    "backoffice": 403,
    "manager": 403,
    "beheerder": 403,
    "redacteur": 403,
    "privacy": 403,
    "zonderrol": 403,
}


@pytest.mark.parametrize("persona", list(ANSWERS_MATRIX))
def test_stored_answers_permission_matrix(client_as, make_persona, wmo, persona):
    _register(make_persona("kcc"), wmo, {"hulpvraag": "Koken"})
    question = Question.objects.get()
    response = client_as(persona).get(f"/werkplek/vraag/{question.uuid}/antwoorden/")
    assert response.status_code == ANSWERS_MATRIX[persona]
    opened = ProcessingLogRecord.objects.filter(action="protocolantwoorden.raadplegen").count()
    assert opened == (1 if ANSWERS_MATRIX[persona] == 200 else 0)


def test_protocol_detail_query_count_is_the_same_for_1_and_25_registered_questions(
    client_as, make_persona, query_counter, wmo
):
    agent = make_persona("kcc")
    client = client_as("teamleider")
    _register(agent, wmo, {"hulpvraag": "-"})
    one = query_counter(lambda: client.get("/catalogus/protocollen/wmo/"))
    for _ in range(24):
        _register(agent, wmo, {"hulpvraag": "Koken", "sinds": "x"})
    many = query_counter(lambda: client.get("/catalogus/protocollen/wmo/"))
    assert one == many
