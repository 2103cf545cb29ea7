"""Builders for kennisbank tests. Every test starts from an empty in-memory index so runs never leak."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def fresh_index():
    from voorkant.knowledge.search.index import reset_index

    reset_index()
    yield
    reset_index()


@pytest.fixture
def make_item(db):
    from voorkant.knowledge.services import item_create

    def make(title: str, *, kind: str = "vac", body: str = "", **extra):
        return item_create(kind=kind, title=title, body=body, **extra)

    return make


@pytest.fixture
def vac(db):
    """The 179 Rijksoverheid VAC, imported once per test that asks for them."""
    from voorkant.knowledge.importers import vac_import

    return vac_import()
