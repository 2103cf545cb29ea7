import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from voorkant.apitokens.models import ApiToken
from voorkant.apitokens.services import (
    api_token_cache_clear,
    api_token_create,
    api_token_revoke,
    api_token_rotate,
)

pytestmark = pytest.mark.urls("tests.apitokens.urls")

FAMILIES = ["klantinteracties", "knowledge", "management_information", "telephony"]
ALL_CASES = {(f, m) for f in FAMILIES for m in ("GET", "POST")}

# Hand-written: which (family, method) each scope may use. Write includes read; 'all' grants everything.
ALLOWED = {
    "all": ALL_CASES,
    "klantinteracties:read": {("klantinteracties", "GET")},
    "klantinteracties:write": {("klantinteracties", "GET"), ("klantinteracties", "POST")},
    "knowledge:read": {("knowledge", "GET")},
    "knowledge:write": {("knowledge", "GET"), ("knowledge", "POST")},
    "management_information:read": {("management_information", "GET")},
    "management_information:write": {("management_information", "GET"), ("management_information", "POST")},
    "telephony:read": {("telephony", "GET")},
    "telephony:write": {("telephony", "GET"), ("telephony", "POST")},
}
CASES = [(scope, family, method) for scope in ALLOWED for family, method in sorted(ALL_CASES)]


def call(client, method, family, key=None, data=None, **headers):
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Token {key}"
    url = f"/api/v1/test-{family}/"
    if method == "GET":
        return client.get(url, **headers)
    return client.post(url, data or {"naam": "Jan"}, content_type="application/json", **headers)


def assert_problem(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"urn:voorkant:fout:{code}"
    assert body["title"] and body["detail"]
    assert body["instance"].startswith("urn:uuid:")
    return body


def test_the_key_is_stored_only_as_a_hash(db):
    issued = api_token_create(name="zaaksysteem", scopes=["knowledge:read"])
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(issued.key.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.values().get().values()]
    assert issued.key not in stored
    assert issued.key.split("_", 2)[2] not in " ".join(stored)


def test_create_api_token_prints_a_working_key_once(db, client):
    out, err = StringIO(), StringIO()
    call_command(
        "create_api_token", "website", "--scopes", "knowledge:read", "telephony:write", stdout=out, stderr=err
    )
    key = out.getvalue().strip()
    assert ApiToken.objects.get().scopes == ["knowledge:read", "telephony:write"]
    assert "niet opnieuw getoond" in err.getvalue()
    assert call(client, "GET", "knowledge", key).status_code == 200


def test_create_api_token_refuses_an_unknown_scope(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekende"):
        call_command("create_api_token", "x", "--scopes", "alles-mag", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(("scope", "family", "method"), CASES)
def test_each_scope_allows_and_refuses_exactly_its_families(db, client, scope, family, method):
    key = api_token_create(name="koppeling", scopes=[scope]).key
    response = call(client, method, family, key)
    if (family, method) in ALLOWED[scope]:
        assert response.status_code == (200 if method == "GET" else 201)
    else:
        body = assert_problem(response, 403, "scope_missing")
        assert family in body["detail"]


def test_a_request_without_credentials_gets_401_problem_json(db, client):
    response = call(client, "GET", "knowledge")
    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Token realm="voorkant"'


def test_an_unknown_key_is_refused(db, client):
    api_token_create(name="echt", scopes=["all"])
    assert_problem(call(client, "GET", "knowledge", "vk_abcdef123456_verzonnen"), 401, "token_invalid")
    assert_problem(call(client, "GET", "knowledge", "geen-sleutel"), 401, "token_invalid")


def test_a_malformed_authorization_header_is_refused(db, client):
    response = client.get("/api/v1/test-knowledge/", HTTP_AUTHORIZATION="Token a b")
    assert_problem(response, 401, "token_malformed")


def test_an_expired_key_is_refused(db, client):
    issued = api_token_create(name="oud", scopes=["all"], expires_at=timezone.now() - timedelta(seconds=1))
    assert_problem(call(client, "GET", "knowledge", issued.key), 401, "token_expired")


def test_a_revoked_key_is_refused(db, client):
    issued = api_token_create(name="weg", scopes=["all"])
    api_token_revoke(token=issued.token)
    assert_problem(call(client, "GET", "knowledge", issued.key), 401, "token_revoked")


def test_rotation_keeps_the_old_key_working_during_the_grace_period_only(db, client):
    old = api_token_create(name="crm", scopes=["knowledge:read"])
    new = api_token_rotate(token=old.token, grace=timedelta(hours=1))
    assert call(client, "GET", "knowledge", old.key).status_code == 200
    assert call(client, "GET", "knowledge", new.key).status_code == 200
    assert new.token.scopes == ["knowledge:read"]
    ApiToken.objects.filter(pk=old.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    api_token_cache_clear()  # the update stands in for time passing; it bypasses the services on purpose
    assert_problem(call(client, "GET", "knowledge", old.key), 401, "token_expired")
    assert call(client, "GET", "knowledge", new.key).status_code == 200


def test_use_of_a_key_is_recorded(db, client):
    issued = api_token_create(name="crm", scopes=["all"])
    call(client, "GET", "knowledge", issued.key)
    assert ApiToken.objects.get().last_used_at is not None


def test_invalid_input_is_a_problem_with_invalid_params(db, client):
    key = api_token_create(name="crm", scopes=["all"]).key
    body = assert_problem(call(client, "POST", "knowledge", key, data={"naam": "x" * 11}), 400, "invalid")
    assert body["invalidParams"] == [
        {
            "name": "naam",
            "code": "max_length",
            "reason": "Zorg ervoor dat dit veld niet meer dan 10 karakters bevat.",
        }
    ]


# Hand-written: a logged-in employee may GET a family with its permission, and never write.
SESSION_CASES = [
    ("kcc", "klantinteracties", "GET", 200),
    ("kcc", "klantinteracties", "POST", 403),
    ("manager", "klantinteracties", "GET", 403),
    ("manager", "management_information", "GET", 200),
    ("kcc", "management_information", "GET", 403),
    ("redacteur", "knowledge", "GET", 200),
    ("redacteur", "knowledge", "POST", 403),
    ("teamleider", "telephony", "GET", 200),
    ("kcc", "telephony", "GET", 403),
]


@pytest.mark.parametrize(("persona", "family", "method", "status"), SESSION_CASES)
def test_a_staff_session_may_only_read(client_as, persona, family, method, status):
    client = client_as(persona)
    response = call(client, method, family)
    if status == 200:
        assert response.status_code == 200
    else:
        code = "session_read_only" if method == "POST" else "permission_denied"
        assert_problem(response, 403, code)


def test_an_unknown_api_url_is_a_problem_404(db, client):
    response = client.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_the_openapi_schema_documents_the_token_scheme_and_problem_responses(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(urlconf="tests.apitokens.urls").get_schema(request=None, public=True)
    assert schema["components"]["securitySchemes"]["apiSleutel"]["in"] == "header"
    responses = schema["paths"]["/api/v1/test-knowledge/"]["get"]["responses"]
    assert responses["403"]["content"]["application/json"]["schema"]["$ref"].endswith("/Problem")
    assert "invalidParams" in schema["components"]["schemas"]["ValidationProblem"]["properties"]


def test_a_busy_client_costs_one_token_lookup_per_cache_period(db, client, django_assert_num_queries):
    issued = api_token_create(name="crm", scopes=["knowledge:read"])
    call(client, "GET", "knowledge", issued.key)
    with django_assert_num_queries(0, exact=False) as captured:
        call(client, "GET", "knowledge", issued.key)
    assert not [q for q in captured.captured_queries if "apitokens_apitoken" in q["sql"]]


def test_a_revoked_key_is_refused_at_once_even_when_cached(db, client):
    issued = api_token_create(name="crm", scopes=["knowledge:read"])
    assert call(client, "GET", "knowledge", issued.key).status_code == 200
    api_token_revoke(token=issued.token)
    assert_problem(call(client, "GET", "knowledge", issued.key), 401, "token_revoked")


def test_a_token_changed_in_the_admin_is_not_served_from_the_cache(db, client):
    issued = api_token_create(name="crm", scopes=["knowledge:read"])
    assert call(client, "GET", "knowledge", issued.key).status_code == 200
    token = ApiToken.objects.get(pk=issued.token.pk)
    token.scopes = ["klantinteracties:read"]
    token.save()
    assert_problem(call(client, "GET", "knowledge", issued.key), 403, "scope_missing")
