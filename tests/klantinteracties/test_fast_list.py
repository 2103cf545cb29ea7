"""A token's klantcontacten list without expand has its own SQL: it answers exactly as the generic path."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.klantinteracties.conftest import BASE
from voorkant.klantinteracties.api.klantcontacten import KlantcontactResource

QUERIES = [
    "",
    "?pageSize=2",
    "?pageSize=2&page=2",
    "?kanaal=balie",
    "?kanaal=TELEFOON&pageSize=1&page=2",
    "?kanaal=onbekend",
    "?vertrouwelijk=true",
    "?vertrouwelijk=false&indicatieContactGelukt=false",
    "?indicatieContactGelukt=true",
    "?referentienummer=REF-2",
    "?referentienummer=",
    "?referentienummer=ONBEKEND",
    "?plaatsgevondenOp=2026-02-01T08:30:00Z",
    "?plaatsgevondenOp=2026-02-02T08:30:00.1234Z",
]


@pytest.fixture
def contacts(make_question, make_party):
    from voorkant.contacts.services.klantcontacts import (
        actor_involvement_save,
        involvement_create,
        subject_object_create,
    )
    from voorkant.followups.services import internal_task_save
    from voorkant.organisation.services import system_actor

    actor = system_actor(code="wmo", name="Wmo")
    for index in range(5):
        question = make_question(
            subject=f"Vraag {index}",
            kanaal="balie" if index % 2 else "telefoon",
            contact_succeeded=index % 3 == 0,
            is_confidential=index == 4,
            reference_number=f"REF-{index}",
            metadata={"bron": "test", "volgnummer": index},
            # microseconds with a trailing zero: isoformat keeps six digits, as the database's text must
            occurred_at=datetime(2026, 2, 1 + index % 3, 8, 30, 0, 123400 if index == 1 else 0, tzinfo=UTC),
            main_subject_type="zaak" if index == 3 else "",
        )
        involvement_create(actor_label="t", question=question, fields={"party": make_party()})
        involvement_create(actor_label="t", question=question, fields={"organisation_name": "Bedrijf"})
        if index % 2 == 0:
            subject_object_create(actor_label="t", fields={"question": question, "object_id": f"z-{index}"})
            internal_task_save(
                actor_label="t", changes={"question": question, "requested_action": "Bellen"}, actors=[actor]
            )
            actor_involvement_save(actor_label="t", question=question, actor=actor)


def _generic(monkeypatch):
    monkeypatch.setattr(KlantcontactResource, "listing", lambda self, *args: None)


@pytest.mark.parametrize("confidential", [False, True])
@pytest.mark.parametrize("query", QUERIES)
def test_fast_list_answers_exactly_as_the_generic_path(api, contacts, monkeypatch, query, confidential):
    client = api(confidential=confidential)
    fast = client.get(BASE + "klantcontacten" + query)
    with monkeypatch.context() as patch:
        _generic(patch)
        generic = client.get(BASE + "klantcontacten" + query)
    assert fast.status_code == generic.status_code == 200
    assert fast.json() == generic.json()
    assert fast.get("X-Aantal-Geschat") == generic.get("X-Aantal-Geschat")


def test_fast_list_renders_relations_agent_and_metadata(api, contacts):
    body = api(confidential=True).get(BASE + "klantcontacten?referentienummer=REF-4").json()
    (row,) = body["results"]
    assert row["vertrouwelijk"] is True and row["metadata"] == {"bron": "test", "volgnummer": 4}
    assert len(row["hadBetrokkenen"]) == 2 and len(row["leiddeTotInterneTaken"]) == 1
    assert [a["naam"] for a in row["hadBetrokkenActoren"]] == ["Wmo"]
    assert row["gingOverOnderwerpobjecten"][0]["url"].endswith(row["gingOverOnderwerpobjecten"][0]["uuid"])


def test_fast_list_rebuilds_missing_counters(api, contacts):
    from voorkant.contacts.models import Question, QuestionCount

    QuestionCount.objects.all().delete()
    assert (
        api().get(BASE + "klantcontacten").json()["count"]
        == Question.objects.filter(is_confidential=False).count()
    )
    assert QuestionCount.objects.count() == 2


def test_fast_list_logs_the_parties_of_the_page(api, contacts):
    from voorkant.privacy.models import ProcessingLogRecord

    api().get(BASE + "klantcontacten?pageSize=3")
    record = ProcessingLogRecord.objects.order_by("-id").first()
    assert record.action == "klantcontacten.lijst" and record.subject_count == 3 == record.subjects.count()


def test_created_klantcontact_answers_as_reading_it_back(writer):
    from tests.klantinteracties.conftest import KLANTCONTACT

    body = {**KLANTCONTACT, "metadata": {"formulier": "verhuizing"}, "referentienummer": "R-9"}
    created = writer.post(BASE + "klantcontacten", body, format="json")
    assert created.status_code == 201, created.content
    read = writer.get(BASE + f"klantcontacten/{created.json()['uuid']}")
    assert created.json() == read.json()
    assert created.json()["metadata"] == {"formulier": "verhuizing"}


def test_create_refuses_a_channel_deactivated_meanwhile(writer):
    from tests.klantinteracties.conftest import KLANTCONTACT
    from voorkant.contacts.models import Channel

    assert writer.post(BASE + "klantcontacten", KLANTCONTACT, format="json").status_code == 201
    channel = Channel.objects.get(code="telefoon")
    channel.is_active = False
    channel.save()  # the beheerder's save clears this process's cached reference rows
    refused = writer.post(BASE + "klantcontacten", KLANTCONTACT, format="json")
    assert refused.status_code == 400
    assert refused.json()["invalidParams"][0]["name"] == "kanaal"
