"""Telephony pages and API: permission matrix, query counts, problem JSON, form errors."""

from __future__ import annotations

import json

import pytest

from tests.telephony.builders import abandoned_call, event, simple_call
from voorkant.telephony.models import Call, TelephonyEvent
from voorkant.telephony.services import telephony_events_ingest

pytestmark = pytest.mark.django_db

WALLBOARD = "/telefonie/"
INTERVALS = "/telefonie/intervallen/"
PLANNING = "/telefonie/planning/"
WHATIF = "/telefonie/wat-als/"
API = "/api/v1/telephony/events"

# Hand-written expectations: URL × persona → status for a GET (the API: a POST with a valid batch).
MATRIX = {
    WALLBOARD: {
        "teamleider": 200,
        "kcc": 403,
        "backoffice": 403,
        "manager": 403,
        "beheerder": 403,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
    INTERVALS: {
        "teamleider": 200,
        "kcc": 403,
        "backoffice": 403,
        "manager": 200,
        "beheerder": 403,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
    PLANNING: {
        "teamleider": 200,
        "kcc": 403,
        "backoffice": 403,
        "manager": 403,
        "beheerder": 403,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
    WHATIF: {
        "teamleider": 200,
        "kcc": 403,
        "backoffice": 403,
        "manager": 403,
        "beheerder": 403,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
    # An API for the telephone exchange: a token with telephony:write; a session may only read (none here).
    API: {
        "teamleider": 403,
        "kcc": 403,
        "backoffice": 403,
        "manager": 403,
        "beheerder": 403,
        "redacteur": 403,
        "privacy": 403,
        "zonderrol": 403,
    },
}


def _request(client, url):
    if url == API:
        body = json.dumps(simple_call("m1", start=0, wait=1, talk=1))
        return client.post(url, body, content_type="application/json")
    return client.get(url)


@pytest.mark.parametrize(
    "url,persona,expected", [(url, p, status) for url, row in MATRIX.items() for p, status in row.items()]
)
def test_permission_matrix(client_as, url, persona, expected):
    assert _request(client_as(persona), url).status_code == expected


@pytest.mark.parametrize("url", [WALLBOARD, INTERVALS, PLANNING, WHATIF])
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


def test_anonymous_api_calls_are_refused(client):
    response = _request(client, API)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def _token_client(client, scopes):
    from voorkant.apitokens.services import api_token_create

    issued = api_token_create(name="centrale", scopes=scopes)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {issued.key}"
    return client


@pytest.fixture
def staff_coordinator(client, db):
    """The telephone exchange, posting with its own API token (name kept from the session era)."""
    return _token_client(client, ["telephony:write"])


def test_a_token_without_the_telephony_scope_is_refused_with_problem_json(client, db):
    response = _request(_token_client(client, ["knowledge:read", "telephony:read"]), API)
    assert response.status_code == 403
    assert response.json()["code"] == "scope_missing"


def test_a_staff_coordinator_can_post_a_batch_and_a_retry_is_counted_as_duplicates(staff_coordinator):
    body = json.dumps(simple_call("api1", start=0, wait=5, talk=60, caller="0612345678"))
    first = staff_coordinator.post(API, body, content_type="application/json")
    again = staff_coordinator.post(API, body, content_type="application/json")
    assert first.status_code == 200 and first.json() == {
        "received": 3,
        "created": 3,
        "duplicates": 0,
        "calls_updated": 1,
    }
    assert again.json()["duplicates"] == 3
    assert Call.objects.get().caller_number == "+31612345678"


def test_a_malformed_batch_gets_problem_json_naming_each_event_and_stores_nothing(staff_coordinator):
    batch = simple_call("ok", start=0, wait=1, talk=1) + [
        {"id": "kapot", "call_id": "x", "type": "queued", "timestamp": "2026-03-02T09:00:00+00:00"}
    ]
    response = staff_coordinator.post(API, json.dumps(batch), content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "invalid" and problem["status"] == 400
    assert problem["invalidParams"] == [
        {
            "name": "[3].queue",
            "code": "required",
            "reason": "Bij 'queued' hoort een wachtrij.",
            "index": 3,
            "id": "kapot",
        }
    ]
    assert not TelephonyEvent.objects.exists()


def test_a_body_that_is_not_json_gets_problem_json(staff_coordinator):
    response = staff_coordinator.post(API, "{niet json", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse"


def test_a_body_that_is_not_a_list_is_refused(staff_coordinator):
    response = staff_coordinator.post(API, json.dumps({"id": "x"}), content_type="application/json")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["code"] == "not_a_list"


def _calls(count: int):
    events = []
    for i in range(count):
        events += simple_call(f"q{i}", start=i * 60, wait=i % 30, talk=100, queue=f"wachtrij-{i % 3}")
        events += abandoned_call(f"h{i}", start=i * 60 + 30, wait=20)
    events += [event("logged_in", -60, agent="kcc"), event("logged_out", 5000, agent="kcc")]
    telephony_events_ingest(raw_events=events)


@pytest.mark.parametrize("url", [WALLBOARD, INTERVALS + "?start=2026-03-02&end=2026-03-02", PLANNING])
def test_pages_take_the_same_number_of_queries_for_1_and_25_calls(client_as, query_counter, url):
    client = client_as("teamleider")
    _calls(1)
    one = query_counter(lambda: client.get(url))
    Call.objects.all().delete()
    TelephonyEvent.objects.all().delete()
    _calls(25)
    many = query_counter(lambda: client.get(url))
    assert one == many


def test_the_interval_page_shows_the_figures_of_a_day(client_as):
    _calls(3)
    response = client_as("manager").get(INTERVALS + "?start=2026-03-02&end=2026-03-02")
    content = response.content.decode()
    assert "Per kwartier en wachtrij" in content
    assert "wachtrij-1" in content


def test_the_wallboard_fragment_is_served_to_htmx(client_as):
    response = client_as("teamleider").get(WALLBOARD, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "Wachtend nu" in content and "<html" not in content


def test_the_wallboard_page_has_a_polite_live_region_and_one_pause_button_for_everything_live(client_as):
    content = client_as("teamleider").get(WALLBOARD).content.decode()
    assert 'aria-live="polite"' in content and 'hx-trigger="every 10s' in content
    # The notifications region shows no button of its own here: the board's button pauses both.
    assert content.count("data-live-pause=") == 1
    assert 'data-live-pause="wandbord vk-meldingen" aria-pressed="false"' in content


def test_what_if_shows_agents_for_the_given_volume(client_as):
    response = client_as("teamleider").get(
        WHATIF + "?calls=40&aht=300&service_level_seconds=15&service_level_target=85&abandon_target=5"
        "&shrinkage=30&patience=180"
    )
    content = response.content.decode()
    assert "Erlang C (bellers wachten altijd)" in content and "Nodig volgens Erlang A" in content


def test_what_if_with_a_bad_number_explains_at_the_field_and_keeps_the_input(client_as):
    response = client_as("teamleider").get(WHATIF + "?calls=-4&aht=300&shrinkage=95")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde minstens 0 is." in content
    assert 'value="-4"' in content
    assert "Verwachte uitkomst per aantal medewerkers" not in content


def test_the_interval_page_refuses_an_end_before_the_start(client_as):
    content = client_as("manager").get(INTERVALS + "?start=2026-03-05&end=2026-03-01").content.decode()
    assert "De einddatum ligt voor de begindatum." in content
