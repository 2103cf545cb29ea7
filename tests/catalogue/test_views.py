import json

import pytest

from voorkant.catalogue.models import (
    FieldKind,
    Product,
    ProtocolLevel,
    ProtocolSignal,
    ProtocolVersion,
    VersionStatus,
)
from voorkant.catalogue.services import FieldSpec, product_create_local, protocol_create

# Hand-written expectations: URL name × persona → status. Not derived from the code's permission checks.
MATRIX = {
    "/catalogus/producten/": {
        "kcc": 403,
        "teamleider": 403,
        "backoffice": 403,
        "manager": 403,
        "beheerder": 200,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
    "/catalogus/producten/nieuw/": {
        "kcc": 403,
        "teamleider": 403,
        "backoffice": 403,
        "manager": 403,
        "beheerder": 200,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
    "/catalogus/protocollen/": {
        "kcc": 403,
        "teamleider": 200,
        "backoffice": 403,
        "manager": 200,
        "beheerder": 200,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
    "/catalogus/protocollen/wmo/": {
        "kcc": 403,
        "teamleider": 200,
        "backoffice": 403,
        "manager": 200,
        "beheerder": 200,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
    "/catalogus/protocollen/wmo/voorstel/": {
        "kcc": 403,
        "teamleider": 200,
        "backoffice": 403,
        "manager": 403,
        "beheerder": 403,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
}


@pytest.fixture
def wmo(db):
    return protocol_create(code="wmo", name="Wmo", level=ProtocolLevel.STANDARD, fields=[])


@pytest.mark.parametrize("url", list(MATRIX))
@pytest.mark.parametrize(
    "persona",
    ["kcc", "teamleider", "backoffice", "manager", "beheerder", "redacteur", "privacy", "zonderrol"],
)
def test_permission_matrix(client_as, wmo, url, persona):
    assert client_as(persona).get(url).status_code == MATRIX[url][persona]


@pytest.mark.parametrize("url", list(MATRIX))
def test_anonymous_is_sent_to_login(client, wmo, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/inloggen/")


def test_product_list_query_count_is_the_same_for_1_and_25_rows(client_as, query_counter):
    client = client_as("beheerder")
    product_create_local(name="Product 0")
    one = query_counter(lambda: client.get("/catalogus/producten/"))
    for i in range(1, 25):
        product_create_local(name=f"Product {i}")
    many = query_counter(lambda: client.get("/catalogus/producten/"))
    assert one == many


def test_beheerder_sets_norm_and_retention_and_bad_team_is_refused(client_as, organisation):
    client = client_as("beheerder")
    product = product_create_local(name="Mantelzorgwaardering")
    url = f"/catalogus/producten/{product.uuid}/"
    bad = client.post(
        url,
        {
            "norm_amount": "2",
            "norm_unit": "werkdagen",
            "retention_months": "24",
            "followup_domain": organisation["kcc_domain"].pk,
            "followup_team": organisation["social_team"].pk,
            "is_active": "on",
        },
    )
    assert bad.status_code == 200
    assert "Dit team hoort niet bij het gekozen domein." in bad.content.decode()
    product.refresh_from_db()
    assert product.retention_months is None  # nothing half-saved
    good = client.post(
        url,
        {
            "norm_amount": "2",
            "norm_unit": "werkdagen",
            "retention_months": "24",
            "followup_domain": organisation["social_domain"].pk,
            "followup_team": organisation["social_team"].pk,
            "is_active": "on",
        },
    )
    assert good.status_code == 302
    product.refresh_from_db()
    assert (product.norm_amount, product.retention_months) == (2, 24)


def test_agent_signal_reaches_coordinator_and_manager_approves_proposal(client_as, wmo):
    agent = client_as("kcc")
    response = agent.post(
        "/catalogus/signaal/",
        {"version": wmo.uuid, "kind": "ontbreekt", "reason": "Vraag naar mantelzorger ontbreekt"},
    )
    assert response.status_code == 200
    assert ProtocolSignal.objects.count() == 1
    empty = agent.post("/catalogus/signaal/", {"version": wmo.uuid, "kind": "anders", "reason": ""})
    assert empty.status_code == 422
    assert ProtocolSignal.objects.count() == 1

    coordinator = client_as("teamleider")
    page = coordinator.get("/catalogus/protocollen/wmo/").content.decode()
    assert "Vraag naar mantelzorger ontbreekt" in page
    signal = ProtocolSignal.objects.get()
    response = coordinator.post(
        "/catalogus/protocollen/wmo/voorstel/",
        {
            "level": "volledig",
            "rationale": "Signaal: mantelzorger ontbreekt",
            "signalen": [str(signal.uuid)],
            "vraag-TOTAL_FORMS": "1",
            "vraag-INITIAL_FORMS": "0",
            "vraag-MIN_NUM_FORMS": "0",
            "vraag-MAX_NUM_FORMS": "1000",
            "vraag-0-label": "Is er een mantelzorger?",
            "vraag-0-kind": "janee",
            "vraag-0-why_asked": "De consulent nodigt de mantelzorger uit.",
        },
    )
    assert response.status_code == 302
    proposal = ProtocolVersion.objects.get(status=VersionStatus.PROPOSED)

    manager = client_as("manager")
    response = manager.post(
        f"/catalogus/voorstellen/{proposal.uuid}/", {"decision": "goedkeuren", "reason": "Akkoord"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == VersionStatus.PUBLISHED
    assert [f.key for f in proposal.fields.all()] == ["is-er-een-mantelzorger"]


def test_invalid_proposal_shows_the_problem_and_saves_nothing(client_as, wmo):
    coordinator = client_as("teamleider")
    response = coordinator.post(
        "/catalogus/protocollen/wmo/voorstel/",
        {
            "level": "standaard",
            "rationale": "Keuzes",
            "vraag-TOTAL_FORMS": "1",
            "vraag-INITIAL_FORMS": "0",
            "vraag-MIN_NUM_FORMS": "0",
            "vraag-MAX_NUM_FORMS": "1000",
            "vraag-0-label": "Dagdeel",
            "vraag-0-kind": "keuze",
            "vraag-0-why_asked": "Terugbellen",
            "vraag-0-choices": "ochtend",
        },
    )
    assert response.status_code == 200
    assert "Een keuzevraag heeft minstens twee keuzes nodig." in response.content.decode()
    assert not ProtocolVersion.objects.filter(status=VersionStatus.PROPOSED).exists()
    assert Product.objects.count() == 0


SIGNAL_MATRIX = {
    "kcc": 200,
    "teamleider": 200,
    "backoffice": 403,
    "manager": 403,
    "beheerder": 403,
    "redacteur": 403,
    "privacy": 403,
    "zonderrol": 403,
}


@pytest.mark.parametrize("persona", list(SIGNAL_MATRIX))
def test_signal_dialog_permission_matrix(client_as, wmo, persona):
    response = client_as(persona).get("/catalogus/signaal/", {"version": wmo.uuid, "question": 0})
    assert response.status_code == SIGNAL_MATRIX[persona]


def test_signal_dialog_offers_the_whole_protocol_and_each_of_its_questions(client_as, db):
    version = protocol_create(
        code="bijstand",
        name="Bijstand",
        level=ProtocolLevel.STANDARD,
        fields=[FieldSpec(key="sinds", label="Sinds wanneer?", kind=FieldKind.DATE, why_asked="Termijn")],
    )
    page = client_as("kcc").get("/catalogus/signaal/", {"version": version.uuid, "question": 2})
    html = page.content.decode()
    assert "Het hele protocol" in html and "Vraag: Sinds wanneer?" in html
    assert 'name="question" value="2"' in html


def test_signal_without_reason_is_stored_but_anders_needs_a_word(client_as, wmo):
    agent = client_as("kcc")
    product = product_create_local(name="Huishoudelijke hulp")
    ok = agent.post(
        "/catalogus/signaal/",
        {"version": wmo.uuid, "product": product.uuid, "question": 1, "kind": "overbodig", "reason": ""},
    )
    assert ok.status_code == 200
    trigger = json.loads(ok["HX-Trigger"])["vk-signal-sent"]
    assert trigger["question"] == 1 and "doorgegeven aan de teamleider" in trigger["message"]
    signal = ProtocolSignal.objects.get()
    assert (signal.kind, signal.reason, signal.product, signal.field) == ("overbodig", "", product, None)

    refused = agent.post("/catalogus/signaal/", {"version": wmo.uuid, "kind": "anders", "reason": " "})
    assert refused.status_code == 422
    assert "Schrijf bij &#x27;anders&#x27; in een paar woorden" in refused.content.decode()
    assert ProtocolSignal.objects.count() == 1


def test_signal_about_a_question_of_another_protocol_is_refused(client_as, wmo):
    other = protocol_create(
        code="rijbewijs-extra",
        name="Rijbewijs",
        level=ProtocolLevel.STANDARD,
        fields=[FieldSpec(key="cat", label="Categorie", kind=FieldKind.SHORT_TEXT, why_asked="Balie")],
    )
    response = client_as("kcc").post(
        "/catalogus/signaal/", {"version": wmo.uuid, "field": other.fields.get().pk, "kind": "overbodig"}
    )
    assert response.status_code == 422
    assert not ProtocolSignal.objects.exists()


def test_signal_for_an_unknown_protocol_version_is_not_found(client_as, db):
    assert client_as("kcc").get("/catalogus/signaal/", {"version": "niet-een-uuid"}).status_code == 404


def test_coordinator_sees_open_signals_per_product_and_question(client_as, make_persona, wmo):
    from voorkant.catalogue.selectors import signals_per_field
    from voorkant.catalogue.services import protocol_signal_create

    agent = make_persona("kcc")
    home_help = product_create_local(name="Huishoudelijke hulp")
    wheelchair = product_create_local(name="Rolstoel")
    for product in (home_help, home_help, wheelchair):
        protocol_signal_create(user=agent, version=wmo, kind="overbodig", reason="", product=product)
    rows = [(r["product"], r["field"], r["count"]) for r in signals_per_field(protocol=wmo.protocol)]
    assert rows == [("Huishoudelijke hulp", "Hele protocol", 2), ("Rolstoel", "Hele protocol", 1)]
    page = client_as("teamleider").get("/catalogus/protocollen/wmo/").content.decode()
    assert "Open signalen per product en vraag" in page and "Rolstoel" in page
