"""A hand-built world for the dashboard: named channels, outcomes, domains, products, teams and agents, and
a builder that registers questions straight into the contact tables (as the contacts services would)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

AMS = ZoneInfo("Europe/Amsterdam")


def at(text: str) -> datetime:
    """A local Amsterdam time, 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=AMS)


class World:
    def __init__(self, organisation):
        from voorkant.catalogue.models import Product
        from voorkant.contacts.models import Channel, Outcome
        from voorkant.organisation.services import domain_create, employee_create, team_create

        self.organisation = organisation
        self.phone = Channel.objects.get(code="telefoon")
        self.desk = Channel.objects.get(code="balie")
        self.email = Channel.objects.get(code="e-mail")
        self.resolved = Outcome.objects.get(code="zelfstandig-afgehandeld")
        self.transferred = Outcome.objects.get(code="doorverbonden")
        self.follow_up = Outcome.objects.get(code="vervolgactie")
        self.civil = domain_create(code="burgerzaken", name="Burgerzaken")
        self.social = organisation["social_domain"]
        self.kcc_team = organisation["kcc_team"]
        self.second_team = team_create(
            domain=organisation["kcc_domain"], name="KCC avond", is_front_office=True
        )
        self.passport = Product.objects.create(name="Paspoort", owner_domain=self.civil)
        self.wmo = Product.objects.create(name="Wmo-voorziening", owner_domain=self.social)
        self.orphan = Product.objects.create(name="Zonder eigenaar")
        self.agent = employee_create(name="Agent Anna Agentsma", teams=[self.kcc_team]).actor
        self.evening_agent = employee_create(name="Agent Bert Avondveld", teams=[self.second_team]).actor
        self._numbers = itertools.count(1)

    def conversation(self, *, start: datetime, minutes: float = 5, channel=None, agent=None):
        from voorkant.contacts.models import Conversation

        return Conversation.objects.create(
            channel=channel or self.phone,
            agent=agent or self.agent,
            started_at=start,
            ended_at=start + timedelta(minutes=minutes),
        )

    def party(self, surname: str = "Jansen"):
        from voorkant.parties.models import Party, PartyKind

        return Party.objects.create(
            number=f"P{next(self._numbers):06d}", kind=PartyKind.PERSON, first_name="Jan", surname=surname
        )

    def question(
        self,
        *,
        when: datetime | None = None,
        conversation=None,
        minutes: float = 5,
        channel=None,
        agent=None,
        outcome=None,
        product=None,
        transfers=(),
        knowledge: bool = False,
        answer_found: bool = False,
        party=None,
        phone: str | None = None,
        subject: str = "Vraag over een paspoort",
    ):
        from voorkant.contacts.models import Involvement, Question, Transfer
        from voorkant.knowledge.models import ItemKind, KnowledgeItem
        from voorkant.parties.models import AddressKind, DigitalAddress

        if conversation is None:
            conversation = self.conversation(start=when, minutes=minutes, channel=channel, agent=agent)
        when = when or conversation.started_at
        item = (
            KnowledgeItem.objects.create(kind=ItemKind.QA, title="Paspoort aanvragen") if knowledge else None
        )
        question = Question.objects.create(
            number=f"K{next(self._numbers):07d}",
            conversation=conversation,
            channel=conversation.channel,
            occurred_at=when,
            subject=subject,
            product=product,
            outcome=outcome or self.resolved,
            knowledge_item=item,
            answer_found=answer_found,
        )
        for connected, right in transfers:
            Transfer.objects.create(question=question, connected=connected, reached_right_person=right)
        if party is not None or phone is not None:
            involvement = Involvement.objects.create(
                question=question, party=party, occurred_at=when, surname=party.surname if party else ""
            )
            if phone is not None:
                DigitalAddress.objects.create(
                    involvement=involvement, kind=AddressKind.PHONE, address=phone, normalized=phone
                )
        return question

    def register(self, *questions):
        """What the platform's subscriber does after commit, for each question."""
        from voorkant.dashboard.services import rollup_question_registered

        for question in questions:
            rollup_question_registered(question_id=question.id)
        return questions


@pytest.fixture
def world(organisation):
    return World(organisation)


def rollup_snapshot() -> dict:
    """Every rollup and fact row, keyed and without surrogate ids, to compare incremental with rebuild."""
    from voorkant.dashboard.models import FollowupFact, QuestionFact
    from voorkant.dashboard.rollups import FOLLOWUP_SPECS, SPECS

    snapshot = {}
    for spec in (*SPECS, *FOLLOWUP_SPECS):
        rows = spec.model.objects.values()
        snapshot[spec.model.__name__] = sorted(
            (tuple(sorted((k, v) for k, v in row.items() if k != "id")) for row in rows), key=repr
        )
    for model in (QuestionFact, FollowupFact):
        snapshot[model.__name__] = sorted(
            (tuple(sorted((k, v) for k, v in row.items() if k != "id")) for row in model.objects.values()),
            key=repr,
        )
    return snapshot
