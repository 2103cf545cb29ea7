"""Builders for follow-ups: a Wmo product with a norm and a default team, questions about it, a clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

AMS = ZoneInfo("Europe/Amsterdam")


def at(text: str) -> datetime:
    """'2026-03-02 10:00' in Amsterdam time (2 March 2026 is a Monday)."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=AMS)


@pytest.fixture
def clock(monkeypatch) -> Callable[[str], datetime]:
    """``clock('2026-03-02 10:00')`` sets what timezone.now() returns for the services."""
    from django.utils import timezone

    def set_to(text: str) -> datetime:
        moment = at(text)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


@pytest.fixture
def wmo(organisation):
    """The Wmo product: a norm of 3 working days and the Wmo team as its follow-up team."""
    from voorkant.catalogue.models import NormUnit, Product

    return Product.objects.create(
        name="Wmo-maatwerkvoorziening",
        norm_amount=3,
        norm_unit=NormUnit.WORKING_DAYS,
        followup_domain=organisation["social_domain"],
        followup_team=organisation["social_team"],
    )


@pytest.fixture
def make_question(db) -> Callable:
    from voorkant.contacts.models import Question
    from voorkant.contacts.services.klantcontacts import channel_by_name, klantcontact_create

    def make(product=None, subject="Hulp bij het huishouden", channel="telefoon"):
        question = klantcontact_create(
            actor_label="test",
            channel=channel_by_name(channel),
            occurred_at=at("2026-03-02 09:30"),
            fields={"subject": subject},
        )
        if product is not None:
            Question.objects.filter(pk=question.pk).update(product=product)
            question.refresh_from_db()
        return question

    return make


@pytest.fixture
def by():
    from voorkant.followups.services import Author

    return Author(label="test", channel="ui")


@pytest.fixture
def make_task(make_question, wmo, by) -> Callable:
    from voorkant.followups.services import followup_create

    def make(**fields):
        fields.setdefault("requested_action", "Klant terugbellen over de aanvraag")
        fields.setdefault("kind", "terugbelverzoek")
        question = fields.pop("question", None) or make_question(product=fields.pop("product", wmo))
        return followup_create(by=by, question=question, **fields)

    return make
