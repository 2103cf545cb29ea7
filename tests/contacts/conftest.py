"""Builders for contact tests: reference rows come from the seeding migration; the rest is made here."""

from __future__ import annotations

import pytest


@pytest.fixture
def outcomes(db):
    from voorkant.contacts.models import Outcome

    return {outcome.code: outcome for outcome in Outcome.objects.all()}


@pytest.fixture
def phone(db):
    from voorkant.contacts.models import Channel

    return Channel.objects.get(code="telefoon")


@pytest.fixture
def product(db):
    from voorkant.catalogue.models import Product

    return Product.objects.create(name="Paspoort aanvragen", is_municipal=True)


@pytest.fixture
def knowledge_item(db):
    from voorkant.knowledge.models import ItemKind, KnowledgeItem

    return KnowledgeItem.objects.create(
        kind=ItemKind.QA, title="Wat kost een paspoort?", body="<p>Zie de tarieven.</p>"
    )


VALID_BSN = "999993653"
OTHER_BSN = "999990627"
