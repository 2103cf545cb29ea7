"""Reads of products and protocols."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from voorkant.catalogue.models import (
    Product,
    Protocol,
    ProtocolField,
    ProtocolSignal,
    ProtocolVersion,
    SignalKind,
    SignalStatus,
    VersionStatus,
)
from voorkant.catalogue.typeahead import ProductSuggestion, product_index
from voorkant.core.reference_cache import ReferenceCache

DEFAULT_PROTOCOL_CODE = "standaard"

# Every registration reads the protocol version of each question (with its fields); they change only when a
# version is published, so each process keeps them briefly (voorkant.core.reference_cache; cleared on saves of
# protocols, versions and fields). Keyed by protocol id, or by the default protocol's code.
PROTOCOL_VERSIONS = ReferenceCache("protocol-versions")


def _published_version(**protocol: object) -> ProtocolVersion | None:
    return (
        ProtocolVersion.objects.filter(status=VersionStatus.PUBLISHED, **protocol)
        .select_related("protocol")
        .prefetch_related("fields")
        .order_by("-number")
        .first()
    )


def default_protocol_version() -> ProtocolVersion:
    """The newest published version of the default protocol, used until a product names its own.
    Shared by the process's requests for a few seconds: read it, never change it."""
    return PROTOCOL_VERSIONS.get(
        DEFAULT_PROTOCOL_CODE, lambda: _published_version(protocol__code=DEFAULT_PROTOCOL_CODE)
    )


def product_typeahead(*, query: str, limit: int = 10) -> list[ProductSuggestion]:
    """The werkplek's type-ahead, from this process's in-memory copy of the product list (one primary-key
    query per call to see whether the copy is current; see catalogue/typeahead.py)."""
    return product_index.search(query=query, limit=limit)


def product_typeahead_sql(*, query: str, limit: int = 10) -> QuerySet[Product]:
    """The type-ahead as one database query: the reference the in-memory index must agree with.

    Active products matching the typed text or one of its synonyms (the kennisbank's synonym list): the
    municipality's own first, then municipal UPL products, then the rest; within each, names matching the
    text itself before names matching only a synonym, and names starting with the text before the rest."""
    from voorkant.knowledge.selectors import synonym_alternatives

    text = query.strip()
    if not text:
        return Product.objects.none()
    alternatives = synonym_alternatives(text=text)
    matches = Q(name__icontains=text)
    for alternative in alternatives:
        matches |= Q(name__icontains=alternative)
    return (
        Product.objects.filter(matches, is_active=True)
        .annotate(
            rank=Case(
                When(is_local=True, then=Value(0)),
                When(is_municipal=True, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            prefix=Case(
                When(name__istartswith=text, then=Value(0)),
                When(name__icontains=text, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .select_related("owner_domain")
        .order_by("rank", "prefix", "name", "pk")[:limit]
    )


def protocol_version_for_product(*, product) -> ProtocolVersion:
    """The published version of the product's protocol, or of the default protocol when it names none."""
    if product is not None and product.protocol_id is not None:
        protocol_id = product.protocol_id
        version = PROTOCOL_VERSIONS.get(protocol_id, lambda: _published_version(protocol_id=protocol_id))
        if version is not None:
            return version
    return default_protocol_version()


def product_admin_list(*, query: str = "") -> QuerySet[Product]:
    """Products for the functional administrator: the municipality's own first, then municipal UPL ones."""
    products = Product.objects.select_related("owner_domain", "protocol", "followup_domain")
    if query.strip():
        products = products.filter(name__icontains=query.strip())
    return products.order_by("-is_local", "-is_municipal", "name")


def protocols_overview() -> list[dict]:
    """Each protocol with its published version, open signals and pending proposal, for coordinators."""
    now = timezone.now()
    recent_start = now - dt.timedelta(days=30)
    previous_start = now - dt.timedelta(days=60)
    protocols = Protocol.objects.annotate(
        # distinct everywhere: the products join multiplies the signal rows.
        open_signals=Count(
            "versions__signals", filter=Q(versions__signals__status=SignalStatus.OPEN), distinct=True
        ),
        signals_recent=Count(
            "versions__signals", filter=Q(versions__signals__created_at__gte=recent_start), distinct=True
        ),
        signals_previous=Count(
            "versions__signals",
            filter=Q(
                versions__signals__created_at__gte=previous_start,
                versions__signals__created_at__lt=recent_start,
            ),
            distinct=True,
        ),
        pending=Count("versions", filter=Q(versions__status=VersionStatus.PROPOSED), distinct=True),
        product_count=Count("products", distinct=True),
    ).order_by("-open_signals", "name")
    published = {
        v.protocol_id: v
        for v in ProtocolVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by(
            "protocol_id", "number"
        )
    }
    return [{"protocol": p, "version": published.get(p.pk)} for p in protocols]


def signals_per_field(*, protocol: Protocol) -> list[dict]:
    """Open signals of a protocol grouped per product, question (None = the whole protocol) and kind, with
    counts: several products can share one protocol, and a question may pinch for one of them only."""
    rows = (
        ProtocolSignal.objects.filter(version__protocol=protocol, status=SignalStatus.OPEN)
        .values("product__name", "field__label", "kind")
        .annotate(count=Count("id"))
        .order_by("-count", "product__name", "field__label")
    )
    return [
        {
            "product": row["product__name"] or "—",
            "field": row["field__label"] or "Hele protocol",
            "kind": SignalKind(row["kind"]).label,
            "count": row["count"],
        }
        for row in rows
    ]


def open_signals(*, protocol: Protocol) -> QuerySet[ProtocolSignal]:
    return (
        ProtocolSignal.objects.filter(version__protocol=protocol, status=SignalStatus.OPEN)
        .select_related("field", "version", "product")
        .order_by("-created_at")
    )


def version_diff(*, older: ProtocolVersion | None, newer: ProtocolVersion) -> dict:
    """What changed between two versions: level, follow-up, and questions added, removed or changed."""
    old_fields = {f.key: f for f in older.fields.all()} if older else {}
    new_fields = {f.key: f for f in newer.fields.all()}
    compared = ("label", "kind", "is_required", "why_asked", "choices", "help_text")
    return {
        "level_changed": bool(older and older.level != newer.level),
        "follow_up_changed": bool(older and older.requires_follow_up != newer.requires_follow_up),
        "added": [new_fields[k] for k in new_fields if k not in old_fields],
        "removed": [old_fields[k] for k in old_fields if k not in new_fields],
        "changed": [
            new_fields[k]
            for k in new_fields
            if k in old_fields
            and any(getattr(old_fields[k], a) != getattr(new_fields[k], a) for a in compared)
        ],
    }


def proposals_pending(*, today: dt.date | None = None) -> list[ProtocolVersion]:
    """Proposals awaiting the manager, oldest first; ``is_waiting`` marks those past the decision term
    (settings.PROPOSAL_DECISION_WORKING_DAYS working days after they were proposed)."""
    from voorkant.workdays.calendar import add_working_days

    today = today or timezone.localdate()
    proposals = list(
        ProtocolVersion.objects.filter(status=VersionStatus.PROPOSED)
        .select_related("protocol", "proposed_by")
        .order_by("proposed_at")
    )
    for proposal in proposals:
        proposed_on = timezone.localtime(proposal.proposed_at).date()
        proposal.decide_by = add_working_days(proposed_on, settings.PROPOSAL_DECISION_WORKING_DAYS)
        proposal.is_waiting = today > proposal.decide_by
    return proposals


ANALYTICS_DAYS = 90


def protocol_field_analytics(*, protocol: Protocol, days: int = ANALYTICS_DAYS) -> list[dict]:
    """Per question of the protocol (by key, over all its versions), for questions registered in the last
    ``days`` days: how often it was asked, left empty, filled with filler, and how many stored answers were
    opened later. Counts only, no answer is read (filler is decided when an answer is stored).

    "Opened later" comes from the processing log: each opening of a question's stored answers writes a record
    with action ``protocolantwoorden.raadplegen`` and the question's uuid (docs/protocols.md shows the SQL).
    Four queries, whatever the number of questions or fields.
    """
    from voorkant.contacts.models import Question, QuestionAnswer
    from voorkant.contacts.services.answers import ANSWERS_OPENED_ACTION
    from voorkant.privacy.models import ProcessingLogRecord

    since = timezone.now() - dt.timedelta(days=days)
    asked_per_version = dict(
        Question.objects.filter(protocol_version__protocol=protocol, occurred_at__gte=since)
        .values_list("protocol_version")
        .annotate(n=Count("id"))
        .values_list("protocol_version", "n")
    )
    opened = ProcessingLogRecord.objects.filter(action=ANSWERS_OPENED_ACTION, object_type="vraag").values(
        "object_uuid"
    )
    answered = {
        row["field__key"]: row
        for row in QuestionAnswer.objects.filter(
            field__version__protocol=protocol, question__occurred_at__gte=since
        )
        .values("field__key")
        .annotate(
            answered=Count("id"),
            filler=Count("id", filter=Q(is_filler=True)),
            opened=Count("id", filter=Q(question__uuid__in=opened)),
        )
    }
    signal_counts = dict(
        ProtocolSignal.objects.filter(
            version__protocol=protocol, status=SignalStatus.OPEN, field__isnull=False
        )
        .values_list("field__key")
        .annotate(n=Count("id"))
        .values_list("field__key", "n")
    )
    rows: dict[str, dict] = {}
    # Newest version first, so a question's label and "required" are today's.
    for field in ProtocolField.objects.filter(version__protocol=protocol).order_by(
        "-version__number", "order"
    ):
        row = rows.setdefault(
            field.key,
            {"key": field.key, "label": field.label, "is_required": field.is_required, "asked": 0},
        )
        row["asked"] += asked_per_version.get(field.version_id, 0)
    result = []
    for key, row in rows.items():
        counts = answered.get(key, {})
        answered_count = counts.get("answered", 0)
        row.update(
            answered=answered_count,
            empty=max(row["asked"] - answered_count, 0),
            filler=counts.get("filler", 0),
            opened=counts.get("opened", 0),
            open_signals=signal_counts.get(key, 0),
        )
        row["empty_share"] = _share(row["empty"], row["asked"])
        row["filler_share"] = _share(row["filler"], answered_count)
        row["opened_share"] = _share(row["opened"], answered_count)
        result.append(row)
    return result


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None
