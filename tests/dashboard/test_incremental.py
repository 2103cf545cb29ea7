"""Incremental updates must give exactly the rows a full rebuild gives, whatever happened in between."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from tests.dashboard.conftest import at, rollup_snapshot
from tests.dashboard.test_views import now_local
from voorkant.dashboard.models import DailySummary, QuestionFact
from voorkant.dashboard.services import (
    rollup_question_changed,
    rollup_question_deleted,
    rollup_question_registered,
    rollups_rebuild,
)

pytestmark = pytest.mark.django_db


def build_history(world) -> dict:
    jansen = world.party("Jansen")
    call = world.conversation(start=at("2026-10-24 23:50"), minutes=30)
    made = {
        "midnight_first": world.question(
            conversation=call, when=at("2026-10-24 23:55"), product=world.passport
        ),
        "midnight_second": world.question(
            conversation=call,
            when=at("2026-10-25 00:05"),
            outcome=world.transferred,
            transfers=[(True, True)],
        ),
        "dst_twice": world.question(when=datetime(2026, 10, 25, 1, 30, tzinfo=UTC), channel=world.desk),
        "later_jansen": world.question(when=at("2026-10-28 10:00"), product=world.passport, party=jansen),
        "phone_one": world.question(when=at("2026-10-26 09:00"), product=world.wmo, phone="+31611111111"),
        "phone_two": world.question(when=at("2026-10-27 09:00"), product=world.wmo, phone="+31611111111"),
        "knowledge": world.question(when=at("2026-10-27 14:00"), knowledge=True, channel=world.email),
    }
    world.register(*made.values())
    made["jansen"] = jansen
    return made


def test_registering_the_same_question_twice_changes_nothing(world):
    made = build_history(world)
    before = rollup_snapshot()

    rollup_question_registered(question_id=made["phone_two"].id)
    rollup_question_changed(question_id=made["midnight_first"].id)

    assert rollup_snapshot() == before


def test_incremental_equals_rebuild_after_backdated_inserts_edits_and_deletions(world):
    from voorkant.contacts.models import Involvement, Question, Transfer

    made = build_history(world)
    assert QuestionFact.objects.get(question_id=made["later_jansen"].id).is_repeat is False

    # A back-dated question (registered late) makes a later one a repeat contact.
    backdated = world.question(when=at("2026-10-22 16:00"), product=world.passport, party=made["jansen"])
    rollup_question_registered(question_id=backdated.id)
    assert QuestionFact.objects.get(question_id=made["later_jansen"].id).is_repeat is True

    # Edits: outcome, product (and so domain), a transfer added, a customer linked.
    knowledge = made["knowledge"]
    knowledge.outcome = world.follow_up
    knowledge.product = world.wmo
    knowledge.save()
    Transfer.objects.create(question=knowledge, connected=False)
    Involvement.objects.create(question=knowledge, party=made["jansen"], occurred_at=knowledge.occurred_at)
    rollup_question_changed(question_id=knowledge.id)

    # Deleting the conversation's first question moves its handling time to the second.
    first_id = made["midnight_first"].id
    made["midnight_first"].delete()
    rollup_question_deleted(question_id=first_id)
    assert QuestionFact.objects.get(question_id=made["midnight_second"].id).handling_seconds == 1800

    # Deleting the first of two calls from a number ends the second's repeat status.
    phone_one = made["phone_one"].id
    Question.objects.filter(id=phone_one).delete()
    rollup_question_deleted(question_id=phone_one)
    assert QuestionFact.objects.get(question_id=made["phone_two"].id).is_repeat is False

    # Moving a question to another day (a corrected time) moves its counts.
    made["dst_twice"].occurred_at = at("2026-10-29 11:00")
    made["dst_twice"].save()
    rollup_question_changed(question_id=made["dst_twice"].id)

    incremental = rollup_snapshot()
    rollups_rebuild()
    assert rollup_snapshot() == incremental


def test_rebuild_of_a_date_range_leaves_other_days_and_matches_incremental(world):
    build_history(world)
    incremental = rollup_snapshot()
    DailySummary.objects.all().delete()
    QuestionFact.objects.filter(date=date(2026, 10, 27)).update(is_repeat=False)

    rollups_rebuild(start=date(2026, 10, 20), end=date(2026, 10, 31))

    assert rollup_snapshot() == incremental


def test_rebuild_command_reports_what_it_did(world, capsys):
    build_history(world)
    QuestionFact.objects.all().delete()

    call_command("rebuild_rollups", "--from", "2026-10-01", "--to", "2026-10-31")

    out = capsys.readouterr().out
    assert "7 vragen en 0 vervolgacties verwerkt" in out
    assert QuestionFact.objects.count() == 7


def test_retention_purge_keeps_the_figures_and_rebuild_agrees(world):
    from voorkant.catalogue.models import Product
    from voorkant.contacts.models import Question
    from voorkant.privacy.retention import retention_run

    made = build_history(world)
    Product.objects.filter(pk=world.wmo.pk).update(retention_months=1)

    def figures():
        # The facts themselves change (customer keys dropped); the aggregate tables must not.
        return {name: rows for name, rows in rollup_snapshot().items() if name != "QuestionFact"}

    before = figures()

    retention_run(now=datetime(2027, 3, 1, tzinfo=UTC))

    assert not Question.objects.filter(pk=made["phone_one"].pk).exists()
    purged = QuestionFact.objects.get(question_id=made["phone_one"].id)
    assert purged.purged and purged.phone_hash == "" and purged.party_id is None
    assert figures() == before
    rollups_rebuild()
    assert figures() == before


def test_questions_written_through_the_klantinteracties_api_reach_the_rollups_by_events(
    world, django_capture_on_commit_callbacks
):
    from voorkant.contacts.services.klantcontacts import (
        involvement_create,
        involvement_delete,
        klantcontact_create,
        klantcontact_delete,
        klantcontact_update,
    )
    from voorkant.jobs.worker import Worker

    def run_jobs():
        Worker(exit_when_idle=True, handle_signals=False, run_schedules=False).run()

    jansen = world.party("Jansen")
    # The API cannot set a product: these two come from the werkplek, the rest goes through the API.
    first, second = world.register(
        world.question(when=at("2026-10-26 09:00"), product=world.passport, channel=world.email),
        world.question(when=at("2026-10-27 09:00"), product=world.passport, channel=world.email),
    )
    with django_capture_on_commit_callbacks(execute=True):
        gone = klantcontact_create(
            actor_label="zaaksysteem", channel=world.desk, occurred_at=at("2026-10-27 10:00"), fields={}
        )
    run_jobs()
    assert QuestionFact.objects.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        involvement_create(actor_label="zaaksysteem", question=first, fields={"party": jansen})
        linked = involvement_create(actor_label="zaaksysteem", question=second, fields={"party": jansen})
        klantcontact_update(actor_label="zaaksysteem", question=second, changes={}, channel=world.phone)
        klantcontact_delete(actor_label="zaaksysteem", question=gone)
    run_jobs()
    fact = QuestionFact.objects.get(question_id=second.id)
    assert fact.is_repeat is True and fact.channel_id == world.phone.id
    assert not QuestionFact.objects.filter(question_id=gone.id).exists()

    with django_capture_on_commit_callbacks(execute=True):
        involvement_delete(actor_label="zaaksysteem", involvement=linked)
    run_jobs()
    assert QuestionFact.objects.get(question_id=second.id).is_repeat is False

    incremental = rollup_snapshot()
    rollups_rebuild()
    assert rollup_snapshot() == incremental


def test_the_hourly_reconcile_job_repairs_a_lost_event(world):
    from voorkant.dashboard.tasks import reconcile

    now = now_local(9)
    lost = world.question(when=now)  # registered, but its event never ran (a crash after commit)
    world.register(world.question(when=now))

    reconcile()

    assert QuestionFact.objects.filter(question_id=lost.id).exists()
    assert DailySummary.objects.get(date=now.date()).questions == 2
