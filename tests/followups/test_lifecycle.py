"""The follow-up's life: creation with routing and deadline, every state transition, the pause, the log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.followups.conftest import at
from voorkant.followups import services
from voorkant.followups.models import FollowupLogEntry, FollowupState, InternalTask, LogKind, TaskStatus
from voorkant.followups.services import TransitionError

pytestmark = pytest.mark.django_db


def test_new_callback_is_routed_to_the_products_team_with_a_deadline_from_its_norm(
    make_task, organisation, clock
):
    clock("2026-03-06 10:00")  # a Friday
    task = make_task(contact_phone="0612345678", callback_window="ochtend")

    assert task.team == organisation["social_team"]
    assert task.domain == organisation["social_domain"]
    assert task.state == FollowupState.NEW and task.status == TaskStatus.TO_PROCESS
    # Three working days after Friday: Mon, Tue, Wed; closing time of Wednesday.
    assert task.deadline_at == at("2026-03-11 17:00")
    assert task.very_late_at == at("2026-03-19 17:00")  # nine working days
    assert task.resolved_at is None
    assert list(task.assigned_to.values_list("team", flat=True)) == [organisation["social_team"].pk]
    assert list(task.log_entries.values_list("kind", flat=True)) == [LogKind.CREATED]


def test_product_without_norm_gets_the_default_of_two_working_days(make_task, wmo, clock):
    wmo.norm_amount = None
    wmo.save()
    clock("2026-03-02 10:00")  # Monday
    task = make_task()
    assert (task.norm_amount, task.norm_unit) == (2, "werkdagen")
    assert task.deadline_at == at("2026-03-04 17:00")


def test_norm_in_hours_counts_opening_hours_only(make_task, wmo, clock):
    wmo.norm_amount, wmo.norm_unit = 4, "uren"
    wmo.save()
    clock("2026-03-06 15:00")  # Friday, two hours before closing
    task = make_task()
    assert task.deadline_at == at("2026-03-09 11:00")


def test_deadline_skips_a_public_holiday(make_task, clock):
    clock("2026-04-02 10:00")  # Thursday before Good Friday; Easter Monday follows
    task = make_task()
    assert task.deadline_at == at("2026-04-09 17:00")  # Tue 7, Wed 8, Thu 9


def test_explicit_assignment_wins_over_the_products_default(make_task, organisation):
    task = make_task(team=organisation["kcc_team"])
    assert task.team == organisation["kcc_team"] and task.domain == organisation["kcc_domain"]


def test_follow_up_without_any_route_is_refused_with_a_dutch_message(make_task, make_question):
    with pytest.raises(ValidationError) as caught:
        make_task(question=make_question(product=None))
    assert "Kies een domein" in str(caught.value)
    assert not InternalTask.objects.exists()


def test_team_outside_the_chosen_domain_is_refused(make_task, organisation):
    with pytest.raises(ValidationError):
        make_task(domain=organisation["kcc_domain"], team=organisation["social_team"])


# --- every transition --------------------------------------------------------------------------------------


def _employee(organisation, name="Bea Backoffice"):
    from voorkant.organisation.services import employee_create

    return employee_create(name=name, teams=[organisation["social_team"]])


def _bring_to(task, state, by, employee):
    if state == FollowupState.IN_PROGRESS:
        services.followup_claim(by=by, task=task, employee=employee)
    elif state == FollowupState.WAITING:
        services.followup_wait(by=by, task=task)
    elif state == FollowupState.RESOLVED:
        services.followup_resolve(by=by, task=task, result="Gebeld en uitgelegd")
    task.refresh_from_db()
    assert task.state == state
    return task


ACTIONS = {
    "claim": lambda by, task, emp: services.followup_claim(by=by, task=task, employee=emp),
    "wait": lambda by, task, emp: services.followup_wait(by=by, task=task),
    "resume": lambda by, task, emp: services.followup_resume(by=by, task=task),
    "resolve": lambda by, task, emp: services.followup_resolve(by=by, task=task, result="Klaar"),
    "reopen": lambda by, task, emp: services.followup_reopen(by=by, task=task, reason="Klant belde opnieuw"),
    "call_attempt": lambda by, task, emp: services.followup_call_attempt(
        by=by, task=task, result="voicemail"
    ),
}
N, P, W, R = FollowupState.NEW, FollowupState.IN_PROGRESS, FollowupState.WAITING, FollowupState.RESOLVED
# (start state, action) -> resulting state, or None when the action is refused.
EXPECTED = {
    (N, "claim"): P,
    (N, "wait"): W,
    (N, "resume"): None,
    (N, "resolve"): R,
    (N, "reopen"): None,
    (N, "call_attempt"): N,
    (P, "claim"): None,  # already yours
    (P, "wait"): W,
    (P, "resume"): None,
    (P, "resolve"): R,
    (P, "reopen"): None,
    (P, "call_attempt"): P,
    (W, "claim"): W,
    (W, "wait"): None,
    (W, "resume"): N,  # unassigned waiting task goes back to the team
    (W, "resolve"): R,
    (W, "reopen"): None,
    (W, "call_attempt"): W,
    (R, "claim"): None,
    (R, "wait"): None,
    (R, "resume"): None,
    (R, "resolve"): None,
    (R, "reopen"): N,
    (R, "call_attempt"): None,
}


@pytest.mark.parametrize(("start", "action"), list(EXPECTED))
def test_every_transition_is_allowed_or_refused_as_specified(make_task, organisation, by, start, action):
    employee = _employee(organisation)
    task = _bring_to(make_task(), start, by, employee)
    lines_before = FollowupLogEntry.objects.filter(task=task).count()
    expected = EXPECTED[(start, action)]
    if expected is None:
        with pytest.raises(TransitionError):
            ACTIONS[action](by, task, employee)
        task.refresh_from_db()
        assert task.state == start
        assert FollowupLogEntry.objects.filter(task=task).count() == lines_before
    else:
        ACTIONS[action](by, task, employee)
        task.refresh_from_db()
        assert task.state == expected
        assert task.status == (TaskStatus.PROCESSED if expected == R else TaskStatus.TO_PROCESS)
        assert (task.resolved_at is not None) == (expected == R)
        assert FollowupLogEntry.objects.filter(task=task).count() == lines_before + 1


def test_claimed_waiting_task_resumes_in_progress(make_task, organisation, by):
    employee = _employee(organisation)
    task = make_task()
    services.followup_claim(by=by, task=task, employee=employee)
    services.followup_wait(by=by, task=task)
    resumed = services.followup_resume(by=by, task=task)
    assert resumed.state == FollowupState.IN_PROGRESS and resumed.assignee == employee


def test_waiting_for_the_customer_stops_the_deadline_clock(make_task, by, clock):
    clock("2026-03-02 10:00")  # Monday; three working days -> Thursday 17:00
    task = make_task()
    assert task.deadline_at == at("2026-03-05 17:00")
    clock("2026-03-02 11:00")
    services.followup_wait(by=by, task=task, text="Klant stuurt de brief op")
    clock("2026-03-03 11:00")  # one full day of opening time (8 hours) later
    task = services.followup_resume(by=by, task=task)
    assert task.deadline_at == at("2026-03-06 17:00")
    assert task.very_late_at > at("2026-03-13 17:00")
    assert task.paused_at is None


def test_resolving_a_waiting_task_also_stops_the_pause(make_task, by, clock):
    clock("2026-03-02 10:00")
    task = make_task()
    clock("2026-03-02 13:00")
    services.followup_wait(by=by, task=task)
    clock("2026-03-02 15:00")
    task = services.followup_resolve(by=by, task=task, result="Brief ontvangen", customer_message="Geregeld.")
    assert task.deadline_at == at("2026-03-06 11:00")  # Thursday 17:00 plus two opening hours
    assert task.resolved_at == at("2026-03-02 15:00")
    assert task.customer_message == "Geregeld."


def test_reopened_task_gets_a_fresh_deadline_and_can_be_escalated_again(make_task, by, clock):
    clock("2026-03-02 10:00")
    task = make_task()
    task = services.followup_resolve(by=by, task=task, result="Gebeld")
    InternalTask.objects.filter(pk=task.pk).update(escalated_at=at("2026-03-05 17:05"))
    clock("2026-03-09 10:00")
    task = services.followup_reopen(by=by, task=task, reason="Klant is niet geholpen")
    assert task.resolved_at is None and task.escalated_at is None
    assert task.deadline_at == at("2026-03-12 17:00")


def test_resolve_needs_a_result_and_reopen_a_reason(make_task, by):
    task = make_task()
    with pytest.raises(ValidationError):
        services.followup_resolve(by=by, task=task, result="  ")
    task = services.followup_resolve(by=by, task=task, result="Klaar")
    with pytest.raises(ValidationError):
        services.followup_reopen(by=by, task=task, reason="")


def test_unknown_call_result_is_refused(make_task, by):
    with pytest.raises(ValidationError):
        services.followup_call_attempt(by=by, task=make_task(), result="misschien")


def test_rerouting_keeps_the_old_assignment_in_the_log(make_task, organisation, by):
    employee = _employee(organisation)
    task = make_task()
    services.followup_claim(by=by, task=task, employee=employee)
    task = services.followup_route(by=by, task=task, team=organisation["kcc_team"], reason="Verkeerd domein")
    assert task.team == organisation["kcc_team"] and task.assignee is None
    assert task.state == FollowupState.NEW  # back to the new team's pile
    history = list(task.log_entries.values_list("kind", "team_id"))
    assert history[0] == (LogKind.CREATED, organisation["social_team"].pk)
    assert history[-1] == (LogKind.ROUTED, organisation["kcc_team"].pk)


def test_bulk_reassign_moves_every_task_to_the_colleague(make_task, organisation, by):
    absent, colleague = _employee(organisation, "Afwezig"), _employee(organisation, "Collega")
    tasks = [make_task() for _ in range(3)]
    for task in tasks:
        services.followup_claim(by=by, task=task, employee=absent)
    changed = services.followup_reassign_many(by=by, tasks=InternalTask.objects.all(), assignee=colleague)
    assert changed == 3
    assert set(InternalTask.objects.values_list("assignee", flat=True)) == {colleague.pk}


def test_assigning_an_employee_outside_the_team_is_refused(make_task, organisation, by):
    from voorkant.organisation.services import employee_create

    outsider = employee_create(name="Buiten", teams=[organisation["kcc_team"]])
    with pytest.raises(ValidationError):
        services.followup_route(by=by, task=make_task(), team=organisation["social_team"], assignee=outsider)


def test_log_lines_cannot_be_changed(make_task, by):
    from voorkant.followups.models import AppendOnlyError

    entry = services.followup_note_add(by=by, task=make_task(), text="Klant is slechthorend")
    entry.text = "iets anders"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_every_change_writes_one_processing_log_record(make_task, organisation, by):
    from voorkant.privacy.models import ProcessingLogRecord

    task = make_task(contact_phone="0612345678")
    services.followup_claim(by=by, task=task, employee=_employee(organisation))
    services.followup_call_attempt(by=by, task=task, result="niet_bereikt")
    services.followup_resolve(by=by, task=task, result="Klaar")
    actions = list(
        ProcessingLogRecord.objects.filter(object_uuid=task.uuid)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "interne-taak.registreren",
        "interne-taak.oppakken",
        "interne-taak.belpoging",
        "interne-taak.afhandelen",
    ]
    assert ProcessingLogRecord.objects.filter(object_uuid=task.uuid, subject_count=1).count() == 4


def test_services_publish_created_and_changed_events_after_commit(
    make_task, organisation, by, django_capture_on_commit_callbacks, monkeypatch
):
    from voorkant.events import services as events

    published = []
    monkeypatch.setattr(events, "subscribers_of", lambda event_type: ["spy"])
    monkeypatch.setattr(
        events, "enqueue_in_transaction", lambda pairs: published.extend(payload for _name, payload in pairs)
    )
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task()
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_claim(by=by, task=task, employee=_employee(organisation))
    # Making the question publishes its own question.registered event; only the follow-up's are checked here.
    assert [(p["type"], p["data"]) for p in published if p["type"].startswith("followup.")] == [
        ("followup.created", {"task_id": task.pk}),
        ("followup.changed", {"task_id": task.pk, "change": "claimed"}),
    ]


def test_nothing_is_published_when_the_change_is_refused(make_task, by, django_capture_on_commit_callbacks):
    task = make_task()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(TransitionError):
        services.followup_resume(by=by, task=task)
    assert callbacks == []


# --- the standard's two statuses ----------------------------------------------------------------------------


def test_api_status_verwerkt_resolves_and_te_verwerken_reopens(make_task, by):
    task = make_task()
    services.followup_wait(by=by, task=task)
    task = services.internal_task_save(actor_label="koppeling", task=task, changes={"status": "verwerkt"})
    assert (task.state, task.status) == (FollowupState.RESOLVED, TaskStatus.PROCESSED)
    assert task.paused_at is None
    task = services.internal_task_save(actor_label="koppeling", task=task, changes={"status": "te_verwerken"})
    assert (task.state, task.status) == (FollowupState.NEW, TaskStatus.TO_PROCESS)
    assert task.resolved_at is None


def test_api_te_verwerken_leaves_a_waiting_task_waiting(make_task, by):
    task = make_task()
    services.followup_wait(by=by, task=task)
    task = services.internal_task_save(
        actor_label="koppeling", task=task, changes={"status": "te_verwerken", "explanation": "Bijgewerkt"}
    )
    assert task.state == FollowupState.WAITING and task.explanation == "Bijgewerkt"
