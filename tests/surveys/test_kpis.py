"""Satisfaction on the dashboard: per period, channel, domain, product and team; "geen gegevens" if none."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from voorkant.surveys.kpis import response_totals
from voorkant.surveys.services import response_submit


def _sync_facts(conversation):
    from voorkant.dashboard.services import rollup_questions_sync

    rollup_questions_sync(question_ids=list(conversation.questions.values_list("pk", flat=True)))


def _answer(register, *, satisfaction, answered="ja", effort=None, **question):
    from tests.surveys.conftest import token_from_outbox
    from voorkant.outbox.models import OutboxMessage
    from voorkant.surveys.services import invitation_for_conversation

    conversation = register(email=f"k{timezone.now().timestamp()}@voorbeeld.invalid", **question)
    _sync_facts(conversation)
    invitation = invitation_for_conversation(conversation_uuid=str(conversation.uuid)).invitation
    message = OutboxMessage.objects.get(object_uuid=invitation.uuid)
    response_submit(
        token=token_from_outbox(message), satisfaction=satisfaction, answered=answered, effort=effort
    )
    return conversation


def test_totals_per_product_and_domain_come_from_the_question_facts(register, everyone_sampled, product):
    from voorkant.organisation.services import domain_create

    domain = domain_create(code="burgerzaken", name="Burgerzaken")
    product.owner_domain = domain
    product.save()
    everyone_sampled.cooldown_days = 0
    everyone_sampled.save()
    _answer(register, satisfaction=5, effort=1, product=product)
    _answer(register, satisfaction=2, answered="nee", effort=4)
    today = timezone.localdate()
    everything = response_totals(start=today, end=today)
    assert everything == {
        "responses": 2,
        "satisfied": 1,
        "effort_sum": 5,
        "effort_responses": 2,
        "answered": 1,
    }
    assert response_totals(start=today, end=today, product_id=product.pk)["responses"] == 1
    assert response_totals(start=today, end=today, domain_id=domain.pk)["satisfied"] == 1
    assert response_totals(start=today - timedelta(days=9), end=today - timedelta(days=1))["responses"] == 0


def test_the_dashboard_kpi_names_its_source_and_shows_csat_as_a_percentage(register, everyone_sampled):
    from voorkant.dashboard import kpis as registry
    from voorkant.dashboard.periods import Filters, period_for
    from voorkant.surveys.kpis import SOURCE

    everyone_sampled.cooldown_days = 0
    everyone_sampled.save()
    for score in (5, 4, 4, 3, 1, 5):
        _answer(register, satisfaction=score, effort=2)
    definition = registry.definition("tevredenheid")
    assert definition.source == SOURCE and definition.unit == "%"
    context = registry.KpiContext(
        period=period_for("vandaag", today=timezone.localdate()), filters=Filters(), totals=None, norms={}
    )
    value = definition.provider(context)
    assert (value.numerator, value.denominator) == (4, 6)
    assert round(value.value, 1) == 66.7
    effort = registry.definition("klantinspanning").provider(context)
    assert effort.value == 2.0
    # No answers in the period: "geen gegevens", not zero.
    empty = registry.KpiContext(
        period=period_for("vandaag", today=timezone.localdate() - timedelta(days=40)),
        filters=Filters(),
        totals=None,
        norms={},
    )
    assert definition.provider(empty) is None
