"""Writes: every resource through its service, strict input, nothing half-saved, scopes and problem JSON."""

from __future__ import annotations

from unittest import mock

import pytest

from tests.klantinteracties.conftest import BASE, KLANTCONTACT
from voorkant.contacts.models import Conversation, Involvement, Question
from voorkant.parties.models import Party, PartyIdentifier


@pytest.fixture
def world(make_question, make_party):
    from voorkant.organisation.services import system_actor

    return {
        "question": make_question(),
        "party": make_party(surname="Bakker"),
        "other_party": make_party(surname="Visser"),
        "actor": system_actor(code="wmo", name="Wmo"),
    }


def ref(obj):
    return {"uuid": str(obj.uuid)}


def bodies(world):
    """segment -> (create body, patch body): one valid request per resource."""
    q, p = world["question"], world["party"]
    return {
        "klantcontacten": (KLANTCONTACT, {"onderwerp": "Anders"}),
        "betrokkenen": (
            {
                "hadKlantcontact": ref(q),
                "wasPartij": ref(p),
                "rol": "klant",
                "initiator": True,
                "contactnaam": {"achternaam": "Bakker"},
            },
            {"organisatienaam": "Bakker BV"},
        ),
        "partijen": (
            {
                "soortPartij": "persoon",
                "indicatieActief": True,
                "partijIdentificatie": {"contactnaam": {"voornaam": "Sam", "achternaam": "de Vries"}},
            },
            {"interneNotitie": "Belt vaak"},
        ),
        "partij-identificatoren": (
            {
                "identificeerdePartij": ref(p),
                "partijIdentificator": {
                    "codeObjecttype": "natuurlijk_persoon",
                    "codeSoortObjectId": "bsn",
                    "objectId": "111222333",
                    "codeRegister": "brp",
                },
            },
            {"identificeerdePartij": ref(p)},
        ),
        "digitaleadressen": (
            {"verstrektDoorPartij": ref(p), "adres": "sam@voorbeeld.nl", "soortDigitaalAdres": "email"},
            {"omschrijving": "Werk"},
        ),
        "vertegenwoordigingen": (
            {"vertegenwoordigendePartij": ref(p), "vertegenwoordigdePartij": ref(world["other_party"])},
            {"vertegenwoordigdePartij": ref(world["other_party"])},
        ),
        "rekeningnummers": ({"partij": ref(p), "iban": "NL91ABNA0417164300"}, {"bic": "ABNANL2A"}),
        "categorieen": ({"naam": "Ondernemer"}, {"naam": "Ondernemer (zzp)"}),
        "onderwerpobjecten": (
            {
                "klantcontact": ref(q),
                "onderwerpobjectidentificator": {"codeObjecttype": "zaak", "objectId": "1"},
            },
            {"wasKlantcontact": ref(q)},
        ),
        "bijlagen": ({"wasBijlageVanKlantcontact": ref(q)}, {"bijlageidentificator": {"objectId": "doc-1"}}),
        "actorklantcontacten": (
            {"actor": ref(world["actor"]), "klantcontact": ref(q)},
            {"klantcontact": ref(q)},
        ),
        "internetaken": (
            {
                "aanleidinggevendKlantcontact": ref(q),
                "gevraagdeHandeling": "Terugbellen",
                "toegewezenAanActoren": [ref(world["actor"])],
                "status": "te_verwerken",
            },
            {"status": "verwerkt"},
        ),
    }


SEGMENTS = [
    "klantcontacten",
    "betrokkenen",
    "partijen",
    "partij-identificatoren",
    "digitaleadressen",
    "vertegenwoordigingen",
    "rekeningnummers",
    "categorieen",
    "onderwerpobjecten",
    "bijlagen",
    "actorklantcontacten",
    "internetaken",
]


@pytest.mark.parametrize("segment", SEGMENTS)
def test_resource_create_read_update_delete(writer, world, segment):
    create, patch = bodies(world)[segment]
    created = writer.post(BASE + segment, create, format="json")
    assert created.status_code == 201, created.content
    url = BASE + f"{segment}/{created.json()['uuid']}"
    assert writer.get(url).status_code == 200
    listed = writer.get(BASE + segment).json()
    assert created.json()["uuid"] in [r["uuid"] for r in listed["results"]]
    updated = writer.patch(url, patch, format="json")
    assert updated.status_code == 200, updated.content
    assert writer.delete(url).status_code == 204
    assert writer.get(url).status_code == 404


SERVICES = {
    "klantcontacten": (
        "voorkant.contacts.services.klantcontacts",
        "klantcontact_create",
        "klantcontact_update",
        "klantcontact_delete",
    ),
    "betrokkenen": (
        "voorkant.contacts.services.klantcontacts",
        "involvement_create",
        "involvement_update",
        "involvement_delete",
    ),
    "partijen": ("voorkant.parties.party_changes", "party_save", "party_save", "party_delete"),
    "partij-identificatoren": (
        "voorkant.parties.party_changes",
        "party_identifier_save",
        "party_identifier_save",
        "party_identifier_delete",
    ),
    "digitaleadressen": (
        "voorkant.parties.party_changes",
        "digital_address_save",
        "digital_address_save",
        "digital_address_delete",
    ),
    "vertegenwoordigingen": (
        "voorkant.parties.party_changes",
        "representation_save",
        "representation_save",
        "representation_delete",
    ),
    "rekeningnummers": (
        "voorkant.parties.party_changes",
        "bank_account_save",
        "bank_account_save",
        "bank_account_delete",
    ),
    "categorieen": ("voorkant.parties.party_changes", "category_save", "category_save", "category_delete"),
    "onderwerpobjecten": (
        "voorkant.contacts.services.klantcontacts",
        "subject_object_create",
        "subject_object_update",
        "subject_object_delete",
    ),
    "bijlagen": (
        "voorkant.contacts.services.klantcontacts",
        "attachment_create",
        "attachment_update",
        "attachment_delete",
    ),
    "actorklantcontacten": (
        "voorkant.contacts.services.klantcontacts",
        "actor_involvement_save",
        "actor_involvement_save",
        "actor_involvement_delete",
    ),
    "internetaken": (
        "voorkant.followups.services",
        "internal_task_save",
        "internal_task_save",
        "internal_task_delete",
    ),
}


@pytest.mark.parametrize("segment", SEGMENTS)
def test_every_write_goes_through_the_service(writer, world, segment):
    module, create_name, update_name, delete_name = SERVICES[segment]
    create, patch = bodies(world)[segment]
    created = writer.post(BASE + segment, create, format="json").json()
    url = BASE + f"{segment}/{created['uuid']}"
    for method, body, name in (
        ("post", create, create_name),
        ("patch", patch, update_name),
        ("put", create, update_name),
        ("delete", None, delete_name),
    ):
        target = BASE + segment if method == "post" else url
        # The patched service refuses; the API answers 500 (problem JSON) and nothing else wrote anything.
        with mock.patch(f"{module}.{name}", side_effect=RuntimeError("service called")) as service:
            response = getattr(writer, method)(target, body, format="json")
        assert service.called, (segment, method)
        assert response.status_code == 500


def test_maak_klantcontact_makes_all_three_in_one_go(writer, world):
    body = {
        "klantcontact": KLANTCONTACT,
        "betrokkene": {"wasPartij": ref(world["party"]), "rol": "klant", "initiator": True},
        "onderwerpobject": {"onderwerpobjectidentificator": {"codeObjecttype": "zaak", "objectId": "Z-9"}},
    }
    response = writer.post(BASE + "maak-klantcontact", body, format="json")
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["betrokkene"]["hadKlantcontact"]["uuid"] == made["klantcontact"]["uuid"]
    assert made["onderwerpobject"]["klantcontact"]["uuid"] == made["klantcontact"]["uuid"]


def test_maak_klantcontact_with_an_invalid_betrokkene_creates_nothing(writer, world):
    questions, conversations, involvements = (
        Question.objects.count(),
        Conversation.objects.count(),
        Involvement.objects.count(),
    )
    body = {
        "klantcontact": KLANTCONTACT,
        "betrokkene": {
            "wasPartij": {"uuid": "00000000-0000-0000-0000-000000000000"},
            "rol": "klant",
            "initiator": True,
        },
    }
    response = writer.post(BASE + "maak-klantcontact", body, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "betrokkene.wasPartij"
    assert (Question.objects.count(), Conversation.objects.count(), Involvement.objects.count()) == (
        questions,
        conversations,
        involvements,
    )


def test_maak_klantcontact_with_an_unknown_channel_creates_nothing(writer, world):
    before = Question.objects.count()
    body = {
        "klantcontact": {**KLANTCONTACT, "kanaal": "postduif"},
        "betrokkene": {"wasPartij": ref(world["party"]), "rol": "klant", "initiator": True},
    }
    response = writer.post(BASE + "maak-klantcontact", body, format="json")
    assert response.status_code == 400
    assert Question.objects.count() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**KLANTCONTACT, "vertrouwelijk": "false"}, "vertrouwelijk"),
        ({**KLANTCONTACT, "onderwerp": 12}, "onderwerp"),
        ({**KLANTCONTACT, "onderwerp": "x" * 201}, "onderwerp"),
        ({**KLANTCONTACT, "taal": "nederlands"}, "taal"),
        ({**KLANTCONTACT, "kleur": "blauw"}, "kleur"),
        ({**KLANTCONTACT, "onderwerp": "nul\x00byte"}, "onderwerp"),
        ({**KLANTCONTACT, "plaatsgevondenOp": 1700000000}, "plaatsgevondenOp"),
        ({**KLANTCONTACT, "metadata": {"a": 1}}, "metadata.a"),
        ([KLANTCONTACT], "nonFieldErrors"),
    ],
)
def test_bad_bodies_are_refused_at_the_field(writer, body, field):
    response = writer.post(BASE + "klantcontacten", body, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert {"type", "code", "title", "status", "detail", "instance", "invalidParams"} <= set(problem)
    assert field in [p["name"] for p in problem["invalidParams"]]
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("raw", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[" * 5000 + "]" * 5000, "application/json", 400),
        ('{"onderwerp": NaN}', "application/json", 400),
        ("onderwerp=x", "application/x-www-form-urlencoded", 415),
        ("<xml/>", "text/xml", 415),
    ],
)
def test_malformed_or_foreign_bodies_get_a_4xx_problem_never_a_500(writer, raw, content_type, status):
    response = writer.generic("POST", BASE + "klantcontacten", raw, content_type=content_type)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


def test_an_invalid_bsn_is_refused_and_nothing_is_stored(writer, world):
    body = {
        "identificeerdePartij": ref(world["party"]),
        "partijIdentificator": {
            "codeObjecttype": "natuurlijk_persoon",
            "codeSoortObjectId": "bsn",
            "objectId": "123456789",
            "codeRegister": "brp",
        },
    }
    response = writer.post(BASE + "partij-identificatoren", body, format="json")
    assert response.status_code == 400
    assert "11-proef" in response.json()["invalidParams"][0]["reason"]
    assert not PartyIdentifier.objects.exists()


def test_scopes_decide_who_reads_and_who_writes(api, client):
    assert client.get(BASE + "klantcontacten").status_code == 401
    reader = api(scopes=["klantinteracties:read"])
    assert reader.get(BASE + "klantcontacten").status_code == 200
    refused = reader.post(BASE + "klantcontacten", KLANTCONTACT, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "scope_missing"
    assert api(scopes=["knowledge:read"]).get(BASE + "partijen").status_code == 403
    assert not Party.objects.exists()


def test_only_geautomatiseerde_actoren_can_be_registered_through_the_api(writer, world):
    assert writer.get(BASE + "actoren").json()["count"] == 1
    employee = writer.post(BASE + "actoren", {"naam": "Jan", "soortActor": "medewerker"}, format="json")
    assert employee.status_code == 400
    assert [p["name"] for p in employee.json()["invalidParams"]] == ["soortActor"]
    body = {
        "naam": "Chatbot",
        "soortActor": "geautomatiseerde_actor",
        "actorIdentificatie": {"functie": "bot"},
    }
    created = writer.post(BASE + "actoren", body, format="json")
    assert created.status_code == 201
    assert created.json()["actorIdentificatie"] == {"functie": "Chatbot", "telefoonnummer": None}
    url = BASE + "actoren/" + created.json()["uuid"]
    patch = {"soortActor": "geautomatiseerde_actor", "indicatieActief": False}
    assert writer.patch(url, patch, format="json").json()["indicatieActief"] is False
    assert writer.patch(url, {"indicatieActief": True}, format="json").status_code == 400  # no soortActor
    no_function = {"soortActor": "geautomatiseerde_actor", "actorIdentificatie": {"omschrijving": ""}}
    no_function = writer.patch(url, no_function, format="json")
    assert no_function.status_code == 400
    assert writer.delete(url).status_code == 204
    assert writer.get(BASE + "actoren").json()["count"] == 1


def test_an_employee_actor_cannot_be_changed_through_the_api(writer, db):
    from voorkant.organisation.services import domain_create

    unit = domain_create(code="burgerzaken", name="Burgerzaken").actor
    response = writer.patch(BASE + f"actoren/{unit.uuid}", {"naam": "Anders"}, format="json")
    assert response.status_code == 400
    unit.refresh_from_db()
    assert unit.name == "Burgerzaken"
    assert writer.delete(BASE + f"actoren/{unit.uuid}").status_code == 400


def test_unknown_urls_answer_problem_json(writer, world):
    missing = writer.get(BASE + "klantcontacten/geen-uuid")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


BAD_RELATIONS = [{}, {"uuid": "geen-uuid"}, {"uuid": 5}, "x", {"uuid": None, "extra": 1}]


@pytest.mark.parametrize("relation", BAD_RELATIONS)
def test_malformed_relations_are_refused_at_the_field(writer, relation):
    body = {"hadKlantcontact": relation, "rol": "klant", "initiator": True}
    response = writer.post(BASE + "betrokkenen", body, format="json")
    assert response.status_code == 400
    assert "hadKlantcontact" in [p["name"] for p in response.json()["invalidParams"]]


def test_maak_klantcontact_goes_through_its_service(writer, world):
    body = {"klantcontact": KLANTCONTACT}
    target = "voorkant.contacts.services.klantcontacts.klantcontact_make"
    with mock.patch(target, side_effect=RuntimeError("service called")) as service:
        response = writer.post(BASE + "maak-klantcontact", body, format="json")
    assert service.called and response.status_code == 500
    assert not Question.objects.filter(subject=KLANTCONTACT["onderwerp"]).exists()


@pytest.mark.parametrize("addresses", [[{"uuid": {}}], [{"uuid": "x"}], ["x"], [[]]])
def test_partij_with_malformed_address_list_is_refused(writer, addresses):
    body = {"soortPartij": "persoon", "indicatieActief": True, "digitaleAdressen": addresses}
    response = writer.post(BASE + "partijen", body, format="json")
    assert response.status_code == 400
    assert not Party.objects.exists()


def test_read_only_keys_are_refused_in_requests(writer, world):
    party = world["party"]
    url = BASE + f"partijen/{party.uuid}"
    for body in (
        {"uuid": str(party.uuid)},
        {"partijIdentificatie": {"volledigeNaam": "x"}},
        {"betrokkenen": []},
    ):
        response = writer.patch(url, body, format="json")
        assert response.status_code == 400, body
