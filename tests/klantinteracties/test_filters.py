"""Each list filter narrows the result set: two rows, the filter keeps exactly the matching one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.klantinteracties.conftest import BASE


@pytest.fixture
def two_contacts(make_question, make_party):
    from voorkant.contacts.services.klantcontacts import involvement_create, subject_object_create
    from voorkant.followups.services import internal_task_save
    from voorkant.organisation.services import system_actor
    from voorkant.parties.party_changes import digital_address_save, party_identifier_save

    wanted = make_question(
        subject="Paspoort kwijt",
        note="Paspoort verloren op vakantie",
        response="Melding gemaakt",
        contact_succeeded=True,
        reference_number="REF-1",
        occurred_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    )
    other = make_question(subject="Afval", kanaal="balie", contact_succeeded=False)
    party = make_party(surname="Bakker")
    party_identifier_save(
        actor_label="t",
        changes={
            "party": party,
            "object_type": "natuurlijk_persoon",
            "identifier_type": "bsn",
            "value": "111222333",
            "register": "brp",
        },
    )
    involvement = involvement_create(actor_label="t", question=wanted, fields={"party": party})
    involvement_create(actor_label="t", question=other, fields={"organisation_name": "Bedrijf"})
    digital_address_save(
        actor_label="t",
        changes={"involvement": involvement, "kind": "email", "address": "bakker@voorbeeld.nl"},
    )
    subject_object_create(
        actor_label="t",
        fields={
            "question": wanted,
            "object_type": "zaak",
            "register": "open-zaak",
            "id_kind": "uuid",
            "object_id": "z-1",
        },
    )
    actor = system_actor(code="wmo", name="Wmo")
    internal_task_save(
        actor_label="t", changes={"question": wanted, "requested_action": "Terugbellen"}, actors=[actor]
    )
    return {"wanted": wanted, "involvement": involvement, "party": party}


CASES = [
    "hadBetrokkene__digitaaladres__adres__icontains=BAKKER@",
    "hadBetrokkene__uuid={involvement}",
    "hadBetrokkene__url=http://x/betrokkenen/{involvement}",
    "hadBetrokkene__wasPartij=true",
    "hadBetrokkene__wasPartij__partijIdentificator__codeObjecttype=natuurlijk_persoon",
    "hadBetrokkene__wasPartij__partijIdentificator__codeRegister=brp",
    "hadBetrokkene__wasPartij__partijIdentificator__codeSoortObjectId=bsn",
    "hadBetrokkene__wasPartij__partijIdentificator__objectId=111222333",
    "hadBetrokkene__wasPartij__uuid={party}",
    "hadBetrokkene__wasPartij__url=http://x/partijen/{party}",
    "indicatieContactGelukt=true",
    "inhoud=vakantie",
    "kanaal=telefoon",
    "leiddeTotInterneTaken=true",
    "onderwerp=paspoort",
    "onderwerpobject__onderwerpobjectidentificatorCodeObjecttype=zaak",
    "onderwerpobject__onderwerpobjectidentificatorCodeRegister=open-zaak",
    "onderwerpobject__onderwerpobjectidentificatorCodeSoortObjectId=uuid",
    "onderwerpobject__onderwerpobjectidentificatorObjectId=z-1",
    "plaatsgevondenOp=2026-01-05T09:00:00Z",
    "reactie=melding",
    "referentienummer=REF-1",
    "vertrouwelijk=false&referentienummer=REF-1",
    "nummer={number}",
]


@pytest.mark.parametrize("query", CASES)
def test_klantcontacten_filter_keeps_only_the_matching_contact(writer, two_contacts, query):
    query = query.format(
        involvement=two_contacts["involvement"].uuid,
        party=two_contacts["party"].uuid,
        number=two_contacts["wanted"].number,
    )
    assert writer.get(BASE + "klantcontacten").json()["count"] == 2
    body = writer.get(BASE + f"klantcontacten?{query}").json()
    assert [r["uuid"] for r in body["results"]] == [str(two_contacts["wanted"].uuid)], query
    assert body["count"] == 1


@pytest.mark.parametrize(
    "query",
    [
        "onbekend=1",
        "vertrouwelijk=ja",
        "plaatsgevondenOp=gisteren",
        "hadBetrokkene__uuid=geen-uuid",
        "onderwerp=%00",
    ],
)
def test_bad_query_parameters_are_refused_with_problem_json(writer, query):
    response = writer.get(BASE + f"klantcontacten?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"]


def test_filters_on_data_voorkant_does_not_keep_match_nothing(writer, make_party):
    make_party()
    assert writer.get(BASE + "partijen?bezoekadresLand=NL").json()["count"] == 0
    assert writer.get(BASE + "partij-identificatoren?anderePartijIdentificator=%C3%8B").json()["count"] == 0
    assert writer.get(BASE + "partijen?bezoekadresLand=").json()["count"] == 1


@pytest.mark.parametrize("kanaal", ["", "Onbekend"])
def test_a_kanaal_that_matches_no_channel_gives_an_empty_page(writer, two_contacts, kanaal):
    response = writer.get(BASE + f"klantcontacten?kanaal={kanaal}")
    assert response.status_code == 200
    assert response.json()["count"] == 0 and response.json()["results"] == []
