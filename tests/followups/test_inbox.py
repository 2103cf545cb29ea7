"""The back-office inbox and task screen: who sees what, actions, notification, klantbeeld through a task."""

from __future__ import annotations

import pytest

from voorkant.followups.models import FollowupState, InternalTask

pytestmark = pytest.mark.django_db

ROLES = ["kcc", "teamleider", "backoffice", "manager", "beheerder", "redacteur", "privacy", "zonderrol"]


@pytest.fixture
def backoffice_employee(make_persona):
    return make_persona("backoffice").employee


@pytest.mark.parametrize("username", ROLES)
def test_only_back_office_and_coordinators_may_open_the_inbox(client_as, username):
    response = client_as(username).get("/vervolgacties/")
    assert response.status_code == (200 if username in ("backoffice", "teamleider") else 403)


@pytest.mark.parametrize("username", ROLES)
def test_task_screen_matrix(client_as, make_task, username):
    task = make_task()
    response = client_as(username).get(f"/vervolgacties/{task.uuid}/")
    assert response.status_code == (200 if username in ("backoffice", "teamleider") else 403)


def test_back_office_of_another_domain_does_not_see_the_task(client_as, make_task, organisation):
    task = make_task(team=organisation["kcc_team"])
    client = client_as("backoffice")
    assert client.get(f"/vervolgacties/{task.uuid}/").status_code == 404
    assert "Geen vervolgacties" in client.get("/vervolgacties/?lijst=team").content.decode()


def test_new_task_notifies_the_team(make_persona, make_task):
    from voorkant.notifications.models import Notification

    user = make_persona("backoffice")
    task = make_task()
    note = Notification.objects.get(user=user)
    assert note.kind == "new_task" and task.number in note.title
    assert note.url == f"/vervolgacties/{task.uuid}/"
    assert "Hulp" not in note.title + note.body  # never the question's text


def test_team_inbox_lists_open_tasks_by_deadline_with_markers(client_as, make_task, clock):
    clock("2026-03-02 10:00")
    late = make_task()
    clock("2026-03-05 16:00")  # late's deadline (Thu 17:00) within four hours
    make_task()
    page = client_as("backoffice").get("/vervolgacties/?lijst=team").content.decode()
    assert page.index(late.number) < page.index("0000000002")
    assert "Bijna" in page


def test_claim_call_attempt_and_resolve_from_the_task_screen(client_as, make_task, backoffice_employee):
    task = make_task(contact_phone="0612345678")
    client = client_as("backoffice")
    base = f"/vervolgacties/{task.uuid}/"
    assert client.post(base + "oppakken/").status_code == 302
    client.post(base + "belpoging/", {"result": "niet_bereikt", "text": "Geen gehoor"})
    client.post(base + "wachten/")
    client.post(base + "hervatten/")
    response = client.post(
        base + "afhandelen/",
        {"result_text": "Gebeld, aanvraag loopt", "customer_message": "Uw aanvraag is in behandeling."},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == FollowupState.RESOLVED and task.assignee == backoffice_employee
    kinds = list(task.log_entries.values_list("kind", flat=True))
    assert kinds == ["aangemaakt", "opgepakt", "belpoging", "wacht_op_klant", "hervat", "afgehandeld"]
    page = client.get(base).content.decode()
    assert "Geen gehoor" in page and "Heropenen" in page


def test_resolve_without_a_result_is_refused_at_the_field_and_the_message_kept(client_as, make_task):
    task = make_task()
    response = client_as("backoffice").post(
        f"/vervolgacties/{task.uuid}/afhandelen/", {"result_text": "", "customer_message": "Tot ziens"}
    )
    assert response.status_code == 422
    assert "Beschrijf het resultaat." in response.content.decode()
    assert "Tot ziens" in response.content.decode()
    task.refresh_from_db()
    assert task.state == FollowupState.NEW


def test_illegal_action_is_refused_with_a_message(client_as, make_task):
    task = make_task()
    response = client_as("backoffice").post(f"/vervolgacties/{task.uuid}/hervatten/")
    assert response.status_code == 422 and "wacht niet op de klant" in response.content.decode()


def test_bulk_reassign_during_absence(client_as, make_task, organisation, backoffice_employee):
    from voorkant.organisation.services import employee_create

    colleague = employee_create(name="Collega Wmo", teams=[organisation["social_team"]])
    tasks = [make_task() for _ in range(3)]
    client = client_as("backoffice")
    response = client.post(
        "/vervolgacties/herverdelen/",
        {"taak": [t.uuid for t in tasks[:2]], "assignee": colleague.pk, "terug": "lijst=team"},
    )
    assert response.status_code == 302
    assert InternalTask.objects.filter(assignee=colleague).count() == 2


def test_back_office_sees_the_klantbeeld_only_through_a_task_of_its_domain(
    client_as, make_question, wmo, organisation, by
):
    from voorkant.contacts.models import Involvement
    from voorkant.followups.services import followup_create
    from voorkant.parties.party_changes import party_save
    from voorkant.privacy.models import ProcessingLogRecord

    party = party_save(actor_label="test", changes={"kind": "persoon", "surname": "Jansen"})
    question = make_question(product=wmo)
    Involvement.objects.create(question=question, party=party, occurred_at=question.occurred_at)
    client = client_as("backoffice")
    assert client.get(f"/klanten/{party.uuid}/").status_code == 404
    followup_create(by=by, question=question, requested_action="Bellen", team=organisation["kcc_team"])
    assert client.get(f"/klanten/{party.uuid}/").status_code == 404  # a task, but of another domain
    followup_create(by=by, question=question, requested_action="Bellen")  # to the Wmo team
    assert client.get(f"/klanten/{party.uuid}/").status_code == 200
    assert (
        ProcessingLogRecord.objects.filter(
            action="klantbeeld.raadplegen", user__username="backoffice"
        ).count()
        == 1
    )


def test_inbox_queries_do_not_grow_with_tasks(client_as, make_task, query_counter):
    client = client_as("backoffice")
    make_task()
    one = query_counter(lambda: client.get("/vervolgacties/?lijst=team"))
    for _ in range(24):
        make_task()
    assert query_counter(lambda: client.get("/vervolgacties/?lijst=team")) == one


def test_task_screen_queries_do_not_grow_with_log_lines(client_as, make_task, by, query_counter):
    from voorkant.followups.services import followup_note_add

    task = make_task()
    client = client_as("backoffice")
    one = query_counter(lambda: client.get(f"/vervolgacties/{task.uuid}/"))
    for index in range(24):
        followup_note_add(by=by, task=task, text=f"Notitie {index}")
    assert query_counter(lambda: client.get(f"/vervolgacties/{task.uuid}/")) == one


def test_inbox_row_shows_question_promise_callback_number_and_team(client_as, make_task, by):
    from voorkant.followups.services import followup_resolve

    task = make_task(
        priority=2, contact_phone="06 12345678", contact_name="J. Jansen", customer_told="Wij bellen u terug."
    )
    page = client_as("backoffice").get("/vervolgacties/?lijst=team").content.decode()
    assert f"Terugbelverzoek {task.number}: Hulp bij het huishouden" in page
    assert "Wmo-maatwerkvoorziening · Telefoon · Wij bellen u terug." in page
    assert 'href="tel:06 12345678"' in page and "J. Jansen" in page and "Hoog" in page
    assert f'href="/vervolgacties/{task.uuid}/"' in page
    followup_resolve(by=by, task=task, result="Gebeld", customer_message="")
    done = client_as("backoffice").get("/vervolgacties/?lijst=team&status=afgehandeld").content.decode()
    assert task.number in done and "Te laat" not in done


def test_inbox_rows_escape_what_was_typed_and_mark_waiting_and_late_tasks(client_as, make_task, by):
    # The rows are built in Python rather than by the template engine: they must escape as it did.
    from datetime import timedelta

    from django.utils import timezone

    from voorkant.followups.services import followup_wait

    make_task(
        contact_phone='06 <b>"1"</b>',
        contact_name="<script>alert(1)</script>",
        customer_told="Wij bellen u terug & sturen een <i>brief</i>.",
    )
    late = make_task()
    InternalTask.objects.filter(pk=late.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    waiting = make_task()
    followup_wait(by=by, task=waiting, text="Klant stuurt stukken na.")
    page = client_as("backoffice").get("/vervolgacties/?lijst=team").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="tel:06 &lt;b&gt;&quot;1&quot;&lt;/b&gt;"' in page
    assert "Wij bellen u terug &amp; sturen een &lt;i&gt;brief&lt;/i&gt;." in page
    assert page.count('<span class="vk-badge vk-badge--danger">Te laat</span>') == 1
    assert page.count('<span class="vk-muted">(staat stil)</span>') == 1
    assert page.count('name="taak"') == 3


def test_inbox_without_tasks_says_so(client_as):
    page = client_as("backoffice").get("/vervolgacties/?lijst=mijn").content.decode()
    assert "Geen vervolgacties in deze lijst." in page and 'name="taak"' not in page


def test_inbox_rows_keep_the_deadline_order_of_the_page(client_as, make_task):
    # The page's ids and its rows are read in two statements: the rows must come back in the ids' order.
    from datetime import timedelta

    from django.utils import timezone

    tasks = [make_task() for _ in range(3)]
    now = timezone.now()
    for hours, task in zip([30, 10, 20], tasks, strict=True):
        InternalTask.objects.filter(pk=task.pk).update(deadline_at=now + timedelta(hours=hours))
    page = client_as("backoffice").get("/vervolgacties/?lijst=team").content.decode()
    positions = [page.index(f'id="taak-{task.number}"') for task in (tasks[1], tasks[2], tasks[0])]
    assert positions == sorted(positions)
