"""The werkplek's product type-ahead, answered from a copy of the product list each process keeps in memory.

An agent's keystroke must come back within a few milliseconds. The catalogue is small (the UPL's ~1,200
products, a few hundred of the municipality's own and a few dozen synonym groups) and changes a few times a
year, so scanning it in memory is cheaper than a ``LIKE '%…%'`` scan in the database per keystroke.

Freshness: every change to a product or a synonym group writes a new random token into
``ProductIndexState`` in the same transaction (``product_index_touch``, called from signals so that every
path, the admin and imports included, obeys). Each search reads that token first, one primary-key query, and
reloads the list when it differs from the one the copy was built from. A committed change is therefore seen
by the very next keystroke in every process: there is no staleness window beyond the transaction itself.

The ranking and the matches are those of ``selectors.product_typeahead_sql``, which stays as the reference:
tests compare both on the whole UPL.
"""

from __future__ import annotations

import heapq
import threading
import uuid
from dataclasses import dataclass

from django.db import connection

from voorkant.catalogue.models import Product, ProductIndexState

STATE_PK = 1
_TOKEN_SQL = f"SELECT token FROM {ProductIndexState._meta.db_table} WHERE id = %s"  # noqa: S608 (a constant)


@dataclass(frozen=True, slots=True)
class ProductSuggestion:
    """What the type-ahead needs of a product; the template reads ``name``."""

    pk: int
    uuid: uuid.UUID
    name: str
    # The name lower-cased once at load, so a keystroke only lower-cases what was typed.
    folded: str
    rank: int


@dataclass(frozen=True)
class _Snapshot:
    """Everything a search reads, swapped in as one object so a concurrent reload never shows half a list."""

    token: str | None
    # Sorted by (rank, name, pk), as the SQL path orders; folded and ranks are aligned with products.
    products: tuple[ProductSuggestion, ...]
    folded: tuple[str, ...]
    ranks: tuple[int, ...]
    synonym_groups: tuple[tuple[str, ...], ...]


def _rank(*, is_local: bool, is_municipal: bool) -> int:
    # The municipality's own products first, then municipal UPL products, then the rest.
    if is_local:
        return 0
    return 1 if is_municipal else 2


def product_index_touch() -> None:
    """Mark the product list as changed for every process. Call inside the transaction of the change."""
    token = uuid.uuid4().hex
    if not ProductIndexState.objects.filter(pk=STATE_PK).update(token=token):
        # Only after a flushed table (the migration creates the row): create it, then write the token again
        # in case a concurrent first writer created it with its own token in between.
        ProductIndexState.objects.get_or_create(pk=STATE_PK, defaults={"token": token})
        ProductIndexState.objects.filter(pk=STATE_PK).update(token=token)


def current_token() -> str | None:
    # Plain SQL: this runs on every keystroke, and building the ORM query cost more CPU than running it.
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL, [STATE_PK])
        row = cursor.fetchone()
    return row[0] if row else None


class ProductIndex:
    """One per process (``product_index``); thread-safe: readers take the snapshot, a reload replaces it."""

    def __init__(self) -> None:
        self._snapshot: _Snapshot | None = None
        self._lock = threading.Lock()
        self.loads = 0

    def snapshot(self) -> _Snapshot:
        token = current_token()
        snapshot = self._snapshot
        if snapshot is not None and snapshot.token == token:
            return snapshot
        with self._lock:
            snapshot = self._snapshot
            if snapshot is None or snapshot.token != token:
                # The token is read before the rows: a change committed in between leaves a newer list
                # under an older token, which the next request reloads; never the other way round.
                snapshot = self._load(token)
                self._snapshot = snapshot
        return snapshot

    def _load(self, token: str | None) -> _Snapshot:
        from voorkant.knowledge.models import SynonymGroup

        rows = Product.objects.filter(is_active=True).values_list(
            "pk", "uuid", "name", "is_local", "is_municipal"
        )
        products = [
            ProductSuggestion(
                pk=pk,
                uuid=product_uuid,
                name=name,
                folded=name.lower(),
                rank=_rank(is_local=is_local, is_municipal=is_municipal),
            )
            for pk, product_uuid, name, is_local, is_municipal in rows
        ]
        # Sorted once by rank and name, so equal keys at search time keep the SQL path's order.
        products.sort(key=lambda p: (p.rank, p.name, p.pk))
        groups = tuple(
            tuple(term.lower() for term in group.term_list()) for group in SynonymGroup.objects.order_by("pk")
        )
        self.loads += 1
        return _Snapshot(
            token=token,
            products=tuple(products),
            folded=tuple(p.folded for p in products),
            ranks=tuple(p.rank for p in products),
            synonym_groups=groups,
        )

    def search(self, *, query: str, limit: int = 10) -> list[ProductSuggestion]:
        """Active products whose name contains the typed text or one of its synonyms, ranked as
        ``product_typeahead_sql``: own products, municipal, the rest; within each, names starting with the
        text, then names containing it, then names matching only a synonym; then by name."""
        from voorkant.knowledge.selectors import synonym_alternatives_among

        text = query.strip()
        if not text:
            return []
        snapshot = self.snapshot()
        typed = text.lower()
        alternatives = synonym_alternatives_among(text=text, groups=snapshot.synonym_groups)
        folded = snapshot.folded
        # Comprehensions over the plain names run at C speed; a Python loop with a test per product cost
        # a millisecond per keystroke. The position in the presorted list stands for (name, pk) below.
        direct = [i for i, name in enumerate(folded) if typed in name]
        keys = [(snapshot.ranks[i], 0 if folded[i].startswith(typed) else 1, i) for i in direct]
        if alternatives:
            seen = set(direct)
            for alternative in alternatives:
                for i in [i for i, name in enumerate(folded) if alternative in name]:
                    if i not in seen:
                        seen.add(i)
                        keys.append((snapshot.ranks[i], 2, i))
        return [snapshot.products[key[2]] for key in heapq.nsmallest(limit, keys)]


product_index = ProductIndex()
