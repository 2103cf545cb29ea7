"""Klantcontacten: CRUD, counts, confidentiality, expand, pages, the processing log and query counts."""

from __future__ import annotations

import pytest

from tests.klantinteracties.conftest import BASE, KLANTCONTACT
from voorkant.contacts.models import Question
from voorkant.privacy.models import ProcessingLogRecord


def test_klantcontact_crud_round_trip(writer):
    created = writer.post(BASE + "klantcontacten", KLANTCONTACT, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["onderwerp"] == "Verhuizing doorgeven"
    assert body["kanaal"] == "Telefoon"
    assert body["url"].endswith(f"/klantinteracties/api/v1/klantcontacten/{body['uuid']}")
    url = BASE + f"klantcontacten/{body['uuid']}"

    patched = writer.patch(url, {"reactie": "Doorgegeven aan Burgerzaken."}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["reactie"] == "Doorgegeven aan Burgerzaken."

    put = writer.put(url, {**KLANTCONTACT, "onderwerp": "Paspoort"}, format="json")
    assert put.status_code == 200, put.content
    assert writer.get(url).json()["onderwerp"] == "Paspoort"

    assert writer.delete(url).status_code == 204
    assert writer.get(url).status_code == 404
    assert not Question.objects.exists()


def test_unfiltered_count_matches_count_star_per_visibility_class(api, make_question):
    for index in range(3):
        make_question(subject=f"Vraag {index}")
    secret = make_question(subject="Geheim", is_confidential=True)
    plain = api()
    trusted = api(confidential=True)
    assert (
        plain.get(BASE + "klantcontacten").json()["count"]
        == Question.objects.filter(is_confidential=False).count()
    )
    assert trusted.get(BASE + "klantcontacten").json()["count"] == Question.objects.count()
    # Moving a question between classes moves the counters with it.
    trusted.patch(BASE + f"klantcontacten/{secret.uuid}", {"vertrouwelijk": False}, format="json")
    assert (
        plain.get(BASE + "klantcontacten").json()["count"]
        == Question.objects.filter(is_confidential=False).count()
    )
    trusted.delete(BASE + f"klantcontacten/{secret.uuid}")
    assert trusted.get(BASE + "klantcontacten").json()["count"] == Question.objects.count() == 3


def test_token_without_confidential_flag_never_sees_confidential_contacts(api, make_question):
    secret = make_question(subject="Geheim", is_confidential=True)
    make_question(subject="Gewoon")
    plain = api()
    listed = plain.get(BASE + "klantcontacten").json()
    assert [r["onderwerp"] for r in listed["results"]] == ["Gewoon"]
    assert plain.get(BASE + f"klantcontacten/{secret.uuid}").status_code == 404
    assert plain.get(BASE + "klantcontacten?vertrouwelijk=true").json()["count"] == 0
    assert api(confidential=True).get(BASE + f"klantcontacten/{secret.uuid}").status_code == 200


def test_list_pages_and_their_edges(writer, make_question):
    for index in range(5):
        make_question(subject=f"Vraag {index}")
    first = writer.get(BASE + "klantcontacten?pageSize=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert "page=2" in first["next"] and first["previous"] is None
    last = writer.get(BASE + "klantcontacten?pageSize=2&page=3").json()
    assert len(last["results"]) == 1 and last["next"] is None and "page=2" in last["previous"]
    assert writer.get(BASE + "klantcontacten?pageSize=2&page=4").status_code == 404
    for bad in ("pageSize=501", "pageSize=0", "page=0", "page=-1", "page=abc", "pageSize=1.5"):
        response = writer.get(BASE + f"klantcontacten?{bad}")
        assert response.status_code == 400, bad
        assert response["Content-Type"] == "application/problem+json"
    assert len(writer.get(BASE + "klantcontacten?pageSize=500").json()["results"]) == 5


def test_expand_includes_betrokkenen_with_party_and_internal_tasks(writer, make_question, make_party):
    from voorkant.contacts.services.klantcontacts import involvement_create

    question = make_question()
    party = make_party(surname="Bakker")
    involvement_create(actor_label="t", question=question, fields={"party": party, "is_initiator": True})
    expand = "hadBetrokkenen,hadBetrokkenen.wasPartij,leiddeTotInterneTaken"
    response = writer.get(BASE + f"klantcontacten/{question.uuid}?expand={expand}")
    assert response.status_code == 200, response.content
    expanded = response.json()["_expand"]
    assert expanded["leiddeTotInterneTaken"] == []
    (betrokkene,) = expanded["hadBetrokkenen"]
    assert betrokkene["_expand"]["wasPartij"]["uuid"] == str(party.uuid)
    assert writer.get(BASE + "klantcontacten?expand=onbekend").status_code == 400


def test_reading_contacts_writes_one_processing_log_record_with_its_subjects(
    writer, make_question, make_party
):
    from voorkant.contacts.services.klantcontacts import involvement_create

    for surname in ("Bakker", "Visser"):
        question = make_question()
        involvement_create(actor_label="t", question=question, fields={"party": make_party(surname=surname)})
    before = ProcessingLogRecord.objects.count()
    assert writer.get(BASE + "klantcontacten").status_code == 200
    assert ProcessingLogRecord.objects.count() == before + 1
    record = ProcessingLogRecord.objects.order_by("-id").first()
    assert record.channel == "api" and record.subject_count == 2
    assert record.action == "klantcontacten.lijst"


@pytest.mark.parametrize(
    "expand",
    [
        "",
        "?expand=hadBetrokkenen,hadBetrokkenen.wasPartij,hadBetrokkenen.digitaleAdressen,"
        "leiddeTotInterneTaken,gingOverOnderwerpobjecten,omvatteBijlagen",
    ],
)
def test_list_query_count_is_the_same_for_1_and_25_rows(
    writer, make_question, make_party, query_counter, expand
):
    from voorkant.contacts.services.klantcontacts import involvement_create

    def add(n):
        for _ in range(n):
            question = make_question()
            involvement_create(actor_label="t", question=question, fields={"party": make_party()})

    add(1)
    writer.get(BASE + "klantcontacten" + expand)  # warm the token's last-used stamp
    one = query_counter(lambda: writer.get(BASE + "klantcontacten" + expand))
    add(24)
    twenty_five = query_counter(lambda: writer.get(BASE + "klantcontacten" + expand))
    assert one == twenty_five


def test_counters_are_rebuilt_exactly_after_a_bulk_load(make_question):
    from voorkant.contacts.models import QuestionCount
    from voorkant.contacts.services.counts import question_counts, question_counts_rebuild

    make_question(is_confidential=True)
    QuestionCount.objects.update(total=999)  # what a COPY load past the services leaves behind
    question_counts_rebuild()
    assert question_counts() == {
        False: Question.objects.filter(is_confidential=False).count(),
        True: Question.objects.filter(is_confidential=True).count(),
    }
