"""Who may see the dashboard, what it shows (never a name or identifier), exports, API and query counts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tests.dashboard.conftest import AMS

pytestmark = pytest.mark.django_db

TODAY_QUERY = "periode=vandaag"

# URL × persona → expected status; written by hand, not derived from the code's rules.
PERSONAS = (
    "manager",
    "teamleider",
    "kcc",
    "backoffice",
    "beheerder",
    "redacteur",
    "privacy",
    "zonderrol",
    None,
)
MATRIX_ROWS = {
    "/dashboard/":                 (200, 200, 403, 403, 403, 403, 403, 403, 302),
    "/dashboard/vandaag/":         (200, 200, 403, 403, 403, 403, 403, 403, 302),
    "/dashboard/vandaag/live/":    (200, 200, 403, 403, 403, 403, 403, 403, 302),
    "/dashboard/export.csv":       (200, 200, 403, 403, 403, 403, 403, 403, 302),
    "/dashboard/export.xlsx":      (200, 200, 403, 403, 403, 403, 403, 403, 302),
    "/api/v1/dashboard/kpis?from=2026-01-01&to=2026-12-31":
                                   (200, 200, 403, 403, 403, 403, 403, 403, 401),
    "/dashboard/normen/":          (403, 403, 403, 403, 200, 403, 403, 403, 302),
}  # fmt: skip
PERMISSION_MATRIX = {url: dict(zip(PERSONAS, row, strict=True)) for url, row in MATRIX_ROWS.items()}


@pytest.mark.parametrize(
    ("url", "persona", "expected"),
    [(url, persona, status) for url, row in PERMISSION_MATRIX.items() for persona, status in row.items()],
)
def test_permission_matrix(client, make_persona, url, persona, expected):
    if persona is not None:
        client.force_login(make_persona(persona))
    assert client.get(url).status_code == expected


def now_local(hour: int = 10, minute: int = 0):
    return timezone.localtime().astimezone(AMS).replace(hour=hour, minute=minute, second=0, microsecond=0)


SECRETS = [
    "Jansen",
    "Pietersen",
    "Agentsma",
    "Avondveld",
    "+31612345678",
    "0612345678",
    "geheime vraag",
    "999990019",
]


@pytest.fixture
def populated(world):
    """Today's questions with a named customer, a phone number, secret subjects and named agents."""
    from voorkant.parties.models import IdentifierType, ObjectType, PartyIdentifier, Register

    jansen = world.party("Jansen")
    PartyIdentifier.objects.create(
        party=jansen,
        object_type=ObjectType.NATURAL_PERSON,
        identifier_type=IdentifierType.BSN,
        value="999990019",
        register=Register.BRP,
    )
    questions = []
    for minute in range(8):
        questions.append(
            world.question(
                when=now_local(9, minute),
                product=world.passport,
                party=jansen if minute < 2 else world.party("Pietersen"),
                phone="+31612345678",
                subject="geheime vraag over schulden",
                transfers=[(True, minute % 2 == 0)],
            )
        )
    for minute in range(3):
        questions.append(
            world.question(when=now_local(11, minute), channel=world.desk, agent=world.evening_agent)
        )
    world.register(*questions)
    return questions


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_manager_never_sees_personal_data_on_screen_in_exports_or_the_api(client_as, populated):
    client = client_as("manager")
    today = timezone.localdate().isoformat()
    pages = [
        client.get("/dashboard/?" + TODAY_QUERY).content.decode(),
        client.get("/dashboard/vandaag/").content.decode(),
        client.get("/dashboard/vandaag/live/").content.decode(),
        client.get("/dashboard/export.csv?" + TODAY_QUERY).content.decode("utf-8-sig"),
        client.get(f"/api/v1/dashboard/kpis?from={today}&to={today}").content.decode(),
    ]
    workbook = load_workbook(io.BytesIO(client.get("/dashboard/export.xlsx?" + TODAY_QUERY).content))
    pages.append(
        "\n".join(
            str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
        )
    )
    for text in pages:
        assert_no_secrets(text)
    # Teams, not employees: the evening agent's team may be a filter, their name never.
    assert "KCC avond" in pages[0]


def test_cells_under_five_are_suppressed_on_screen_and_in_exports(client_as, populated):
    client = client_as("manager")
    page = client.get("/dashboard/?" + TODAY_QUERY).content.decode()
    rows = list(
        csv.reader(
            io.StringIO(client.get("/dashboard/export.csv?" + TODAY_QUERY).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    workbook = load_workbook(io.BytesIO(client.get("/dashboard/export.xlsx?" + TODAY_QUERY).content))

    channel_rows = {row[0]: row[1] for row in workbook["Per kanaal"].iter_rows(min_row=2, values_only=True)}
    assert channel_rows == {"Telefoon": 8, "Balie": "<5"}
    assert ["Balie", "<5", "<5"] in rows
    assert "&lt;5" in page
    # The desk's 3 questions at 11:00 are never drawn as a bar.
    assert '"questions": [8, null]' in page
    # The norm is drawn on every chart showing first-contact resolution.
    assert page.count('"fcr_norm": 80.0') == 2


def test_export_xlsx_is_a_real_workbook_with_every_section(client_as, populated):
    response = client_as("manager").get("/dashboard/export.xlsx?" + TODAY_QUERY)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Selectie", "KPIs", "Grootste verschillen", "Verloop", "Per kanaal", "Per domein", "Uur en weekdag"
    ]  # fmt: skip
    kpis = {row[0]: row[1] for row in workbook["KPIs"].iter_rows(min_row=2, values_only=True)}
    assert kpis["Aantal vragen"] == 11
    assert kpis["In het eerste contact afgehandeld"] == 1.0  # a number formatted as a percentage
    assert kpis["Telefoon op tijd opgenomen"] == "geen gegevens"


def test_dashboard_request_touches_no_question_table(client_as, populated):
    client = client_as("manager")
    with CaptureQueriesContext(connection) as ctx:
        for url in (
            "/dashboard/?periode=maand",
            "/dashboard/vandaag/",
            "/dashboard/export.xlsx?periode=week",
        ):
            assert client.get(url).status_code == 200
        today = timezone.localdate().isoformat()
        assert client.get(f"/api/v1/dashboard/kpis?from={today}&to={today}").status_code == 200
    sql = " ".join(q["sql"].lower() for q in ctx.captured_queries)
    for table in ("contacts_question", "contacts_conversation", "contacts_involvement", "parties_"):
        assert table not in sql


@pytest.mark.parametrize("url", ["/dashboard/?periode=maand&product={product}", "/dashboard/vandaag/"])
def test_query_count_is_the_same_with_1_and_25_rollup_rows(client_as, world, query_counter, url):
    client = client_as("manager")
    url = url.format(product=world.passport.id)
    client.get(url)
    world.register(world.question(when=now_local(9), product=world.passport))
    one = query_counter(lambda: client.get(url))
    for index in range(24):
        day = now_local(8 + index % 10, index)
        world.register(
            world.question(
                when=day, product=world.passport, channel=[world.phone, world.desk, world.email][index % 3]
            )
        )
    many = query_counter(lambda: client.get(url))
    assert one == many


def test_filters_narrow_the_figures(client_as, world, populated):
    client = client_as("manager")
    page = client.get(f"/dashboard/?periode=vandaag&kanaal={world.desk.id}").content.decode()
    assert 'data-kpi="volume"' in page
    volume_row = page.split('data-kpi="volume"')[1].split("</tr>")[0]
    assert "&lt;5" in volume_row


def test_custom_period_with_end_before_start_shows_a_message_at_the_field(client_as):
    page = (
        client_as("manager")
        .get("/dashboard/?periode=aangepast&van=2026-05-10&tot=2026-05-01")
        .content.decode()
    )
    assert "De laatste dag ligt vóór de eerste dag." in page
    assert 'value="2026-05-10"' in page


def test_live_today_region_uses_the_platform_live_region_with_a_pause_button(client_as):
    page = client_as("manager").get("/dashboard/vandaag/").content.decode()
    assert 'data-live-url="/dashboard/vandaag/live/"' in page
    assert 'aria-live="polite"' in page
    # One pause control on the page: it names the figures and the notifications, which show none of their own.
    assert page.count("data-live-pause=") == 1 and 'data-live-pause="vk-live vk-meldingen"' in page
    assert (
        "/dashboard/export.xlsx?periode=vandaag" in page and "/dashboard/export.csv?periode=vandaag" in page
    )
    fragment = client_as("manager").get("/dashboard/vandaag/live/").content.decode()
    assert "<html" not in fragment
    assert "Vragen per uur" in fragment


def test_live_today_region_answers_304_until_a_rollup_changes(client_as, world, monkeypatch):
    monkeypatch.setattr("voorkant.dashboard.views._minute", lambda: "202611221030")
    client = client_as("manager")
    first = client.get("/dashboard/vandaag/live/")
    again = client.get("/dashboard/vandaag/live/", HTTP_IF_NONE_MATCH=first["ETag"])
    world.register(world.question(when=now_local(9)))
    changed = client.get("/dashboard/vandaag/live/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    monkeypatch.setattr("voorkant.dashboard.views._minute", lambda: "202611221031")
    # A minute later the region renders again, so the phone KPIs (telephony's own data) are never staler.
    assert client.get("/dashboard/vandaag/live/", HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


def test_api_returns_kpis_with_norm_status_and_source(client_as, world, populated):
    today = timezone.localdate().isoformat()
    body = (
        client_as("manager")
        .get(f"/api/v1/dashboard/kpis?from={today}&to={today}&domain=burgerzaken&channel=telefoon")
        .json()
    )

    kpis = {k["code"]: k for k in body["kpis"]}
    assert body["vragen"] == 8
    assert kpis["eerstelijns-afhandeling"]["waarde"] == 100.0
    assert kpis["eerstelijns-afhandeling"]["status"] == "groen"
    assert kpis["eerstelijns-afhandeling"]["norm"]["streefwaarde"] == 80.0
    assert kpis["telefoon-bereikbaarheid"] == {
        **kpis["telefoon-bereikbaarheid"],
        "beschikbaar": False,
        "waarde": None,
    }


def test_api_suppresses_small_figures(client_as, world, populated):
    today = timezone.localdate().isoformat()
    body = client_as("manager").get(f"/api/v1/dashboard/kpis?from={today}&to={today}&channel=balie").json()
    volume = next(k for k in body["kpis"] if k["code"] == "volume")
    assert (body["vragen"], volume["waarde"], volume["onderdrukt"], volume["weergave"]) == (
        None,
        None,
        True,
        "<5",
    )


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("from=2026-01-01", "to"),
        ("from=2026-13-01&to=2026-12-31", "from"),
        ("from=2026-02-01&to=2026-01-01", "to"),
        ("from=2026-01-01&to=2026-01-31&domain=bestaat-niet", "domain"),
    ],
)
def test_api_answers_bad_parameters_with_problem_json(client_as, query, name):
    response = client_as("manager").get("/api/v1/dashboard/kpis?" + query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]


def test_administrator_sets_a_norm_and_bad_input_keeps_the_form(client_as):
    client = client_as("beheerder")
    page = client.get("/dashboard/normen/").content.decode()
    assert "NEN 8878" in page
    data = {}
    from voorkant.dashboard.norms import DEFAULT_NORMS

    for norm in DEFAULT_NORMS:
        data[f"{norm.code}-target_percentage"] = str(norm.target_percentage)
        data[f"{norm.code}-amber_margin"] = str(norm.amber_margin)
        if norm.threshold is not None:
            data[f"{norm.code}-threshold"] = str(norm.threshold)
    bad = {**data, "eerstelijns-afhandeling-target_percentage": "180"}
    response = client.post("/dashboard/normen/", bad)
    assert response.status_code == 200
    assert 'value="180"' in response.content.decode()
    from voorkant.dashboard.models import ServiceNorm

    assert not ServiceNorm.objects.exists()

    response = client.post("/dashboard/normen/", {**data, "eerstelijns-afhandeling-target_percentage": "75"})
    assert response.status_code == 302
    assert ServiceNorm.objects.get(code="eerstelijns-afhandeling").target_percentage == 75


def test_week_and_month_periods_cover_from_monday_and_the_first(client_as, world):
    client = client_as("manager")
    today = timezone.localdate()
    page = client.get("/dashboard/?periode=week").content.decode()
    monday = today - timedelta(days=today.weekday())
    assert f"{monday.day} " in page
    assert client.get("/dashboard/?periode=maand").status_code == 200


def test_kpi_api_takes_a_management_information_token_and_refuses_other_scopes(client, db):
    from voorkant.apitokens.services import api_token_create

    url = "/api/v1/dashboard/kpis?from=2026-01-01&to=2026-01-31"
    good = api_token_create(name="bi", scopes=["management_information:read"]).key
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {good}")
    assert response.status_code == 200
    assert any(kpi["code"] for kpi in response.json()["kpis"])
    other = api_token_create(name="kennis", scopes=["knowledge:read"]).key
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {other}").status_code == 403
    assert client.get(url).status_code == 401
