"""Moving a follow-up to another team or domain: the team's leader and the KCC coordinator may, a back-office
employee may only reassign within the team; the history keeps every assignment."""

from __future__ import annotations

import pytest

from voorkant.followups import services
from voorkant.followups.models import FollowupState, InternalTask, LogKind
from voorkant.organisation.roles import Role

pytestmark = pytest.mark.django_db

ROLES = ["kcc", "teamleider", "backoffice", "manager", "beheerder", "redacteur", "privacy", "zonderrol"]


@pytest.fixture
def wmo_leader(organisation):
    """A back-office employee who leads the Wmo team."""
    from voorkant.organisation.services import employee_create, user_create

    user = user_create(
        username="leider-wmo",
        password="x",
        first_name="Lea",
        last_name="Wmo",
        email="lea@voorbeeld.invalid",
        roles=[Role.BACKOFFICE],
    )
    employee_create(
        name="Lea Wmo", user=user, teams=[organisation["social_team"]], leads=[organisation["social_team"]]
    )
    return user


def _move(client, task, target, reason="Hoort bij het KCC"):
    return client.post(f"/vervolgacties/{task.uuid}/doorzetten/", {"target": target, "reason": reason})


@pytest.mark.parametrize("username", ROLES)
def test_reroute_action_matrix(client_as, make_task, organisation, username):
    task = make_task()
    response = _move(client_as(username), task, f"team:{organisation['kcc_team'].pk}")
    expected = {"teamleider": 302, "backoffice": 422}.get(username, 403)
    assert response.status_code == expected
    task.refresh_from_db()
    assert (task.team == organisation["kcc_team"]) == (username == "teamleider")


def test_back_office_employee_may_not_move_work_to_another_team(client_as, make_task, organisation):
    task = make_task()
    client = client_as("backoffice")
    assert (
        "Doorzetten naar een ander team of domein"
        not in client.get(f"/vervolgacties/{task.uuid}/").content.decode()
    )
    response = _move(client, task, f"team:{organisation['kcc_team'].pk}")
    assert "Alleen de teamleider van het team of de KCC-coördinator" in response.content.decode()
    task.refresh_from_db()
    assert task.team == organisation["social_team"]
    assert task.log_entries.count() == 1


def test_team_leader_moves_a_task_to_another_domain_and_the_history_keeps_both(
    client, wmo_leader, make_task, organisation
):
    task = make_task()
    client.force_login(wmo_leader)
    assert (
        "Doorzetten naar een ander team of domein"
        in client.get(f"/vervolgacties/{task.uuid}/").content.decode()
    )
    response = _move(client, task, f"domein:{organisation['kcc_domain'].pk}", reason="Geen Wmo-vraag")
    # no longer in the leader's domain, so back to the inbox instead of a task page they cannot open
    assert response.status_code == 302 and response["Location"] == "/vervolgacties/"
    task.refresh_from_db()
    assert (task.domain, task.team, task.assignee, task.state) == (
        organisation["kcc_domain"],
        None,
        None,
        FollowupState.NEW,
    )
    log = list(task.log_entries.values_list("kind", "team", "domain", "text", "user__username"))
    assert log == [
        (LogKind.CREATED, organisation["social_team"].pk, organisation["social_domain"].pk, log[0][3], None),
        (LogKind.ROUTED, None, organisation["kcc_domain"].pk, "Geen Wmo-vraag", "leider-wmo"),
    ]


def test_reroute_needs_a_target_and_a_reason(client_as, make_task, organisation):
    task = make_task()
    client = client_as("teamleider")
    missing_target = _move(client, task, "")
    assert missing_target.status_code == 422
    assert "Kies het team of domein" in missing_target.content.decode()
    missing_reason = _move(client, task, f"team:{organisation['kcc_team'].pk}", reason=" ")
    assert missing_reason.status_code == 422
    page = missing_reason.content.decode()
    assert "Schrijf erbij waarom" in page
    assert f'value="team:{organisation["kcc_team"].pk}" selected' in page  # the choice is kept
    task.refresh_from_db()
    assert task.team == organisation["social_team"]


def test_a_resolved_task_cannot_be_moved(client_as, make_task, organisation, by):
    task = make_task()
    services.followup_resolve(by=by, task=task, result="Gebeld", customer_message="")
    response = _move(client_as("teamleider"), task, f"team:{organisation['kcc_team'].pk}")
    assert response.status_code == 422 and "heropen haar eerst" in response.content.decode()


def test_api_and_jobs_route_without_a_person_and_are_not_refused(make_task, organisation, by):
    task = services.followup_route(by=by, task=make_task(), team=organisation["kcc_team"], reason="API")
    assert task.team == organisation["kcc_team"]


def test_bulk_move_to_another_team_by_the_coordinator(client_as, make_task, organisation):
    tasks = [make_task() for _ in range(3)]
    client = client_as("teamleider")
    response = client.post(
        "/vervolgacties/herverdelen/",
        {"taak": [t.uuid for t in tasks[:2]], "target": f"team:{organisation['kcc_team'].pk}", "terug": ""},
    )
    assert response.status_code == 302
    assert InternalTask.objects.filter(team=organisation["kcc_team"]).count() == 2
    assert InternalTask.objects.filter(log_entries__kind=LogKind.ROUTED).count() == 2


def test_bulk_move_by_a_back_office_employee_moves_nothing(client_as, make_task, organisation):
    tasks = [make_task() for _ in range(2)]
    client = client_as("backoffice")
    assert "doorzetten naar team" not in client.get("/vervolgacties/").content.decode()
    client.post(
        "/vervolgacties/herverdelen/",
        {"taak": [t.uuid for t in tasks], "target": f"team:{organisation['kcc_team'].pk}", "terug": ""},
    )
    assert not InternalTask.objects.filter(team=organisation["kcc_team"]).exists()
    assert not InternalTask.objects.filter(log_entries__kind=LogKind.ROUTED).exists()


def test_leader_task_screen_queries_do_not_grow_with_log_lines(
    client, wmo_leader, make_task, by, query_counter
):
    task = make_task()
    client.force_login(wmo_leader)
    one = query_counter(lambda: client.get(f"/vervolgacties/{task.uuid}/"))
    for index in range(24):
        services.followup_note_add(by=by, task=task, text=f"Notitie {index}")
    assert query_counter(lambda: client.get(f"/vervolgacties/{task.uuid}/")) == one


def test_coordinator_inbox_queries_do_not_grow_with_tasks(client_as, make_task, query_counter):
    client = client_as("teamleider")
    make_task()
    one = query_counter(lambda: client.get("/vervolgacties/?lijst=alle"))
    for _ in range(24):
        make_task()
    assert query_counter(lambda: client.get("/vervolgacties/?lijst=alle")) == one
