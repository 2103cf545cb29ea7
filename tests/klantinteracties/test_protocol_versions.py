"""Questions another system registers through the API record the protocol version they were registered
under, like every werkplek question: the default protocol's published version, as the standard's
klantcontact names no product."""

from __future__ import annotations

from tests.klantinteracties.conftest import BASE, KLANTCONTACT
from voorkant.catalogue.models import ProtocolLevel
from voorkant.catalogue.selectors import default_protocol_version
from voorkant.catalogue.services import proposal_decide, protocol_propose
from voorkant.contacts.models import Question


def created_question(response) -> Question:
    assert response.status_code == 201, response.content
    body = response.json()
    uuid = body["klantcontact"]["uuid"] if "klantcontact" in body else body["uuid"]
    return Question.objects.select_related("protocol_version__protocol").get(uuid=uuid)


def test_a_klantcontact_posted_through_the_api_records_the_default_protocol_version(writer):
    question = created_question(writer.post(BASE + "klantcontacten", KLANTCONTACT, format="json"))
    assert question.protocol_version == default_protocol_version()
    assert question.protocol_version.protocol.code == "standaard"
    assert question.product is None


def test_maak_klantcontact_records_the_default_protocol_version(writer, make_party):
    body = {
        "klantcontact": KLANTCONTACT,
        "betrokkene": {"wasPartij": {"uuid": str(make_party().uuid)}, "rol": "klant", "initiator": True},
        "onderwerpobject": {"onderwerpobjectidentificator": {"codeObjecttype": "zaak", "objectId": "Z-9"}},
    }
    question = created_question(writer.post(BASE + "maak-klantcontact", body, format="json"))
    assert question.protocol_version == default_protocol_version()


def test_after_a_new_default_version_is_published_new_api_questions_use_it_and_older_keep_theirs(
    writer, make_persona
):
    first = created_question(writer.post(BASE + "klantcontacten", KLANTCONTACT, format="json"))
    old_version = first.protocol_version
    proposal = protocol_propose(
        protocol=old_version.protocol,
        user=make_persona("teamleider"),
        level=ProtocolLevel.STANDARD,
        fields=[],
        rationale="Signalen van de vloer verwerkt.",
    )
    proposal_decide(version=proposal, user=make_persona("manager"), approve=True, reason="Akkoord.")
    second = created_question(writer.post(BASE + "klantcontacten", KLANTCONTACT, format="json"))
    assert second.protocol_version == proposal
    assert second.protocol_version.number == old_version.number + 1
    first.refresh_from_db()
    assert first.protocol_version == old_version


def test_a_patch_through_the_api_keeps_the_recorded_version(writer):
    question = created_question(writer.post(BASE + "klantcontacten", KLANTCONTACT, format="json"))
    response = writer.patch(BASE + f"klantcontacten/{question.uuid}", {"onderwerp": "Anders"}, format="json")
    assert response.status_code == 200, response.content
    assert Question.objects.get(pk=question.pk).protocol_version_id == question.protocol_version_id
