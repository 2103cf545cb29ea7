"""An employee sees their own figures, a team leader their team's as a whole, a manager aggregates only."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.dashboard.test_views import now_local

pytestmark = pytest.mark.django_db

URL = "/dashboard/mijn-cijfers/"

# persona → status, written by hand: every employee has own figures; anonymous users log in first.
MATRIX = {
    "manager": 200,
    "teamleider": 200,
    "kcc": 200,
    "backoffice": 200,
    "beheerder": 200,
    "redacteur": 200,
    "privacy": 200,
    "zonderrol": 200,
    None: 302,
}


@pytest.mark.parametrize(("persona", "expected"), MATRIX.items())
def test_permission_matrix_of_own_figures(client, make_persona, persona, expected):
    if persona is not None:
        client.force_login(make_persona(persona))
    assert client.get(URL).status_code == expected


def cell(page: str, code: str) -> str:
    """The displayed value of one KPI row in the first table holding it."""
    match = re.search(
        rf'data-kpi="{code}">.*?<td class="utrecht-table__cell vk-value">([^<]*)</td>', page, re.S
    )
    assert match, code
    return match.group(1).strip()


def section(page: str, table_id: str) -> str:
    start = page.index(f'id="{table_id}"')
    return page[start : page.index("</table>", start)]


@pytest.fixture
def floor(world, make_persona):
    """The kcc agent handled 6 questions (4 resolved), a colleague in the same team 3, the evening agent 2."""
    agent = make_persona("kcc").employee
    leader = make_persona("teamleider").employee
    questions = [
        world.question(
            when=now_local(9, minute),
            agent=agent.actor,
            outcome=world.resolved if minute < 4 else world.follow_up,
            product=world.passport,
        )
        for minute in range(6)
    ]
    questions += [world.question(when=now_local(10, minute), agent=leader.actor) for minute in range(3)]
    questions += [world.question(when=now_local(11, m), agent=world.evening_agent) for m in range(2)]
    world.register(*questions)
    return {"agent": agent, "leader": leader}


def test_an_agent_sees_their_own_figures_and_no_one_elses(client_as, floor):
    page = client_as("kcc").get(URL + "?periode=vandaag").content.decode()
    own = section(page, "tabel-eigen")

    assert cell(own, "volume") == "6"
    assert cell(own, "eerstelijns-afhandeling") == "66,7 %"
    assert cell(own, "vervolgactie") == "33,3 %"
    assert cell(own, "tevredenheid") == "geen gegevens"
    # Not a team leader: no team table, and nobody else's total (3, 2 or the team's 9) anywhere.
    assert "tabel-team-" not in page
    assert "Teamleider Test" not in page and "Bert Avondveld" not in page


def test_own_figures_under_five_are_shown_but_not_judged(client_as, world, make_persona):
    agent = make_persona("kcc").employee
    world.register(*[world.question(when=now_local(9, m), agent=agent.actor) for m in range(3)])

    own = section(client_as("kcc").get(URL).content.decode(), "tabel-eigen")

    assert cell(own, "volume") == "3"
    assert cell(own, "eerstelijns-afhandeling") == "100,0 %"
    assert "Geen oordeel" in own and "Groen" not in own


def test_a_team_leader_sees_the_team_as_a_whole_never_a_member(client_as, floor):
    page = client_as("teamleider").get(URL + "?periode=vandaag").content.decode()
    team = section(page, f"tabel-team-{floor['agent'].memberships.get().team_id}")

    # The KCC team: the agent's 6 and the leader's own 3; the evening team is not theirs.
    assert cell(team, "volume") == "9"
    assert cell(team, "vervolgacties-te-laat") == "0"  # the follow-ups routed to the team, judged now
    assert cell(section(page, "tabel-eigen"), "volume") == "3"
    assert "Kcc Test" not in page


def test_the_period_form_keeps_bad_input_with_a_message(client_as):
    page = client_as("kcc").get(URL + "?periode=aangepast&van=2026-03-10&tot=2026-03-01").content.decode()

    assert "De laatste dag ligt vóór de eerste dag." in page
    assert 'value="2026-03-10"' in page


def test_a_user_without_an_employee_is_told_why_there_are_no_figures(client, db):
    from voorkant.organisation.services import user_create

    user = user_create(username="los", password="x-wachtwoord-123", first_name="Los", last_name="Account")
    client.force_login(user)

    assert "niet gekoppeld aan een medewerker" in client.get(URL).content.decode()


def test_management_views_never_read_the_per_employee_rollup(client_as, floor):
    client = client_as("manager")
    today = timezone.localdate().isoformat()
    with CaptureQueriesContext(connection) as ctx:
        for url in (
            "/dashboard/?periode=maand",
            "/dashboard/vandaag/",
            "/dashboard/export.csv?periode=week",
            "/dashboard/export.xlsx?periode=week",
            f"/api/v1/dashboard/kpis?from={today}&to={today}",
        ):
            assert client.get(url).status_code == 200
    sql = " ".join(q["sql"].lower() for q in ctx.captured_queries)
    assert "employeedailyrollup" not in sql
    assert "employee_id" not in sql


def test_own_figures_page_makes_the_same_queries_with_1_and_25_rows(
    client_as, world, make_persona, query_counter
):
    agent = make_persona("kcc").employee
    client = client_as("kcc")
    world.register(world.question(when=now_local(9), agent=agent.actor))
    one = query_counter(lambda: client.get(URL + "?periode=maand"))
    for index in range(24):
        world.register(
            world.question(
                when=now_local(8 + index % 10, index),
                agent=agent.actor,
                channel=[world.phone, world.desk, world.email][index % 3],
                outcome=[world.resolved, world.follow_up][index % 2],
            )
        )
    assert query_counter(lambda: client.get(URL + "?periode=maand")) == one


def test_own_figures_export_as_csv_and_a_real_xlsx_with_only_ones_own_and_the_teams_figures(client_as, floor):
    import io

    from openpyxl import load_workbook

    client = client_as("teamleider")
    csv_response = client.get("/dashboard/mijn-cijfers/export.csv?periode=vandaag")
    assert csv_response.status_code == 200
    assert csv_response["Content-Disposition"].startswith('attachment; filename="mijn-cijfers-')
    text = csv_response.content.decode("utf-8-sig")
    assert "Mijn cijfers" in text and "Team KCC" in text
    workbook = load_workbook(
        io.BytesIO(client.get("/dashboard/mijn-cijfers/export.xlsx?periode=vandaag").content)
    )
    assert workbook.sheetnames[:2] == ["Selectie", "Mijn cijfers"]
    own = {row[0]: row[1] for row in workbook["Mijn cijfers"].iter_rows(min_row=2, values_only=True)}
    team = {row[0]: row[1] for row in workbook["Team KCC"].iter_rows(min_row=2, values_only=True)}
    assert own["Aantal vragen"] == 3 and team["Aantal vragen"] == 9
    # No name of any employee in the file (the own figures belong to whoever downloads them).
    cells = " ".join(str(c) for s in workbook for row in s.iter_rows(values_only=True) for c in row)
    assert "Kcc Test" not in cells and "Teamleider Test" not in cells


def test_own_figures_export_needs_an_employee(client, db):
    from voorkant.organisation.services import user_create

    client.force_login(
        user_create(username="los", password="x-wachtwoord-123", first_name="Los", last_name="A")
    )
    assert client.get("/dashboard/mijn-cijfers/export.csv").status_code == 404
    client.logout()
    assert client.get("/dashboard/mijn-cijfers/export.csv").status_code == 302
