"""Finding a caller, the klantbeeld and revealing a BSN. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from voorkant.followups.selectors import followups_of_party
from voorkant.parties.identifiers import bsn_mask
from voorkant.parties.selectors import (
    BRP_NOTICE,
    brp_person,
    caller_search,
    party_addresses,
    party_bsn,
    party_history,
    questions_in_order,
)
from voorkant.parties.services import bsn_reveal_log, klantbeeld_view_log
from voorkant.privacy.access import may_open_klantbeeld, visible_parties
from voorkant.registers.brp import person_warnings, validate_bsn

PAGE_SIZE = 25


def _workspace_url() -> str:
    try:
        return reverse("contacts:workspace")
    except NoReverseMatch:
        return "/werkplek/"


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


def _parse_uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _draft_caller_url(draft_uuid: uuid.UUID) -> str:
    """Where a chosen hit goes in the agent workspace (built by the contacts app)."""
    try:
        return reverse("contacts:draft_caller", args=[draft_uuid])
    except NoReverseMatch:
        return f"/werkplek/{draft_uuid}/klant/"


@login_required
@permission_required("organisation.view_klantbeeld", raise_exception=True)
@require_http_methods(["GET", "POST"])
@never_cache
def search(request):
    """One search box for a caller. The page's own form POSTs, so a typed BSN never lands in a URL or an
    access log (Haal Centraal BRP bevragen moved to POST for the same reason); GET ?q= works too."""
    params = request.POST if request.method == "POST" else request.GET
    query = params.get("q", "")
    draft_uuid = _parse_uuid(params.get("draft"))
    result = caller_search(user=request.user, query=query)
    context = {
        "result": result,
        "query": result.query,
        "draft_uuid": draft_uuid,
        "choose_url": _draft_caller_url(draft_uuid) if draft_uuid else "",
    }
    if _is_htmx(request):
        return render(request, "parties/partials/search_results.html", context)
    return render(request, "parties/search.html", context)


def _visible_party(request, party_uuid: uuid.UUID):
    return get_object_or_404(visible_parties(request.user), uuid=party_uuid)


@login_required
@never_cache
def klantbeeld(request, party_uuid: uuid.UUID):
    """A party's identity, contact details and every question over all channels, newest first.

    The back office reaches it only through a follow-up of its own domain (privacy.access decides)."""
    if not may_open_klantbeeld(request.user):
        raise PermissionDenied
    party = _visible_party(request, party_uuid)
    bsn = party_bsn(party=party)
    person = brp_person(bsn)
    paginator = Paginator(party_history(user=request.user, party=party), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    with transaction.atomic():
        klantbeeld_view_log(user=request.user, party=party, bsn=bsn)
    context = {
        "party": party,
        "person": person,
        "bsn_masked": bsn_mask(bsn or ""),
        "has_bsn": bool(bsn),
        "warnings": person.warnings
        if person
        else person_warnings(geheimhouding=party.is_confidential_address),
        "brp_notice": BRP_NOTICE,
        "page": page,
        "questions": questions_in_order(page.object_list),
        "can_reveal": bool(bsn) and request.user.has_perm("organisation.reveal_bsn"),
        "followups": followups_of_party(user=request.user, party=party),
        **party_addresses(party=party),
    }
    template = "parties/partials/history.html" if _is_htmx(request) else "parties/klantbeeld.html"
    return render(request, template, context)


def _revealed(request, *, bsn: str, name: str, back_url: str):
    context = {"bsn": bsn, "name": name, "back_url": back_url}
    if _is_htmx(request):
        return render(request, "parties/partials/bsn.html", context)
    return render(request, "parties/bsn.html", context)


@login_required
@permission_required("organisation.reveal_bsn", raise_exception=True)
@require_POST
@never_cache
def reveal_bsn(request, party_uuid: uuid.UUID):
    """Show a stored party's full BSN; an explicit action written to the processing log."""
    party = _visible_party(request, party_uuid)
    bsn = party_bsn(party=party)
    if not bsn:
        raise Http404("Deze klant heeft geen BSN.")
    with transaction.atomic():
        bsn_reveal_log(user=request.user, bsn=bsn, party=party)
    return _revealed(
        request, bsn=bsn, name=party.display_name, back_url=reverse("parties:klantbeeld", args=[party.uuid])
    )


@login_required
@permission_required("organisation.reveal_bsn", raise_exception=True)
@require_POST
@never_cache
def reveal_draft_bsn(request, draft_uuid: uuid.UUID):
    """Show the BSN of a caller chosen from the BRP but not (yet) stored as a party.

    The BSN is read server-side from the agent's own draft (data["caller"]["bsn"]), never from the request.
    """
    from voorkant.contacts.models import ConversationDraft

    draft = get_object_or_404(ConversationDraft, uuid=draft_uuid, user=request.user)
    caller = (draft.data or {}).get("caller") or {}
    try:
        bsn = validate_bsn(str(caller.get("bsn") or ""))
    except ValidationError as exc:
        raise Http404("Dit gesprek heeft geen klant met een BSN.") from exc
    with transaction.atomic():
        bsn_reveal_log(user=request.user, bsn=bsn)
    person = brp_person(bsn)
    return _revealed(request, bsn=bsn, name=person.display_name if person else "", back_url=_workspace_url())
