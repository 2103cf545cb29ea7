"""Reads for the agent's workspace and the contact reference screens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone

from voorkant.catalogue.models import Product
from voorkant.catalogue.selectors import product_typeahead
from voorkant.catalogue.typeahead import ProductSuggestion
from voorkant.contacts.models import Channel, ConversationDraft, Outcome
from voorkant.core.reference_cache import ReferenceCache
from voorkant.parties.identifiers import bsn_mask
from voorkant.parties.models import IdentifierType
from voorkant.privacy.access import visible_parties

CALLER_CARD_TEMPLATE = "parties/partials/caller_card.html"
FALLBACK_CARD_TEMPLATE = "contacts/partials/caller_fallback.html"


def open_drafts(*, user) -> QuerySet[ConversationDraft]:
    """The agent's own unexpired drafts, oldest first (the order of the tabs). Never another agent's."""
    return ConversationDraft.objects.filter(user=user, expires_at__gt=timezone.now()).order_by(
        "created_at", "pk"
    )


def draft_for_user(*, user, draft_uuid) -> ConversationDraft:
    """One of the agent's own drafts; raises ConversationDraft.DoesNotExist for anyone else's."""
    return open_drafts(user=user).get(uuid=draft_uuid)


# The channel and outcomes of every registration are looked up by code; the beheerder changes them rarely, so
# each process keeps them briefly (voorkant.core.reference_cache; cleared on saves of channels and outcomes).
REFERENCE_ROWS = ReferenceCache("channels-outcomes")


def channels_by_code() -> dict[str, Channel]:
    """Every channel, active or not, by code (shared by the process's requests: read, never change)."""
    return REFERENCE_ROWS.get("channels", lambda: {row.code: row for row in Channel.objects.all()})


def outcomes_by_code() -> dict[str, Outcome]:
    """Every outcome, active or not, by code (shared by the process's requests: read, never change)."""
    return REFERENCE_ROWS.get("outcomes", lambda: {row.code: row for row in Outcome.objects.all()})


def active_channels() -> QuerySet[Channel]:
    return Channel.objects.filter(is_active=True).order_by("order", "name")


def active_outcomes() -> QuerySet[Outcome]:
    return Outcome.objects.filter(is_active=True).order_by("order", "name")


def product_suggestions(*, query: str, limit: int = 10) -> list[ProductSuggestion]:
    """The catalogue's ranked type-ahead: the municipality's own products first, then municipal UPL ones."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    return product_typeahead(query=query, limit=limit)


def protocols_for_product_names(*, names: list[str]) -> dict:
    """The product and the protocol version each typed product name leads to, as ``(product, version)``
    keyed by lower-cased name (two queries per distinct product at most; the workspace has a handful)."""
    from voorkant.catalogue.selectors import protocol_version_for_product

    wanted = {n.strip().lower() for n in names if n and n.strip()}
    found = {}
    for name in wanted:
        product = Product.objects.filter(name__iexact=name, is_active=True).order_by("pk").first()
        if product is not None:
            found[name] = (product, protocol_version_for_product(product=product))
    return found


def mask_bsn(bsn: str) -> str:
    return bsn_mask(bsn) if bsn else ""


def caller_label(*, user, caller: dict | None) -> str:
    """A short label for a tab: the party's name, a masked BSN, or 'Anoniem'. Reads through the chokepoint."""
    if not caller:
        return ""
    if caller.get("anonymous"):
        return "Anoniem"
    party = None
    if caller.get("party_uuid"):
        party = visible_parties(user).filter(uuid=caller["party_uuid"]).first()
    elif caller.get("bsn"):
        party = (
            visible_parties(user)
            .filter(identifiers__identifier_type=IdentifierType.BSN, identifiers__value=caller["bsn"])
            .first()
        )
    if party is not None and party.display_name:
        return party.display_name
    if caller.get("bsn"):
        return f"BSN {mask_bsn(caller['bsn'])}"
    return "Klant"


def caller_card(*, user, caller: dict | None) -> tuple[str, dict]:
    """The template and context of the caller card shown in the WHO column.

    Uses the parties app's card (``parties.selectors.caller_card`` and its template) when present; until
    then a small card of our own, so the workspace works on its own.
    """
    context: dict = {"caller": caller, "label": (caller or {}).get("label", "")}
    if caller and not caller.get("anonymous"):
        try:
            from voorkant.parties.selectors import caller_card as parties_caller_card

            get_template(CALLER_CARD_TEMPLATE)
        except (ImportError, TemplateDoesNotExist):
            pass
        else:
            card = parties_caller_card(user=user, party_uuid=caller.get("party_uuid"), bsn=caller.get("bsn"))
            return CALLER_CARD_TEMPLATE, {**context, "card": card}
        context["bsn_masked"] = mask_bsn(caller.get("bsn") or "")
    return FALLBACK_CARD_TEMPLATE, context
