"""Kennisbank screens: search (full page and htmx partial), item detail, feedback, editor, synonyms, news."""

from __future__ import annotations

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from voorkant.knowledge import selectors, services
from voorkant.knowledge.forms import FeedbackForm, FeedbackResolveForm, ItemForm, SynonymForm
from voorkant.knowledge.models import ItemKind, KnowledgeFeedback, KnowledgeItem, SynonymGroup
from voorkant.knowledge.search.query import search
from voorkant.organisation.models import Domain

SEARCH_PERMISSIONS = ("organisation.use_agent_workspace", "organisation.edit_knowledge")
EDIT = "organisation.edit_knowledge"
SYNONYM_PERMISSIONS = (EDIT, "organisation.manage_reference_data")
DEFAULT_TARGET = "#vk-questions"
# A CSS selector for htmx (e.g. "closest .vk-question"): letters, digits and selector punctuation only.
_TARGET = re.compile(r"^[A-Za-z0-9_\-\s.#:>\[\]=\"']{1,100}$")


def _require_staff(user) -> None:
    if not any(user.has_perm(p) for p in SEARCH_PERMISSIONS):
        raise PermissionDenied


def answer_link(value: str) -> str:
    """Accept only a same-site path into the agent workspace for the 'Gebruik als antwoord' button."""
    if (
        not value.startswith("/werkplek/")
        or "//" in value
        or "\\" in value
        or any(ord(c) < 32 for c in value)
    ):
        return ""
    return value


@login_required
def search_view(request):
    _require_staff(request.user)
    q = request.GET.get("q", "").strip()[:200]
    kinds = [k for k in request.GET.getlist("soort") if k in ItemKind.values]
    partial = bool(request.headers.get("HX-Request"))
    code = request.GET.get("domein", "")
    # Results while typing need no list of domains (only the full page shows the filter), so the partial
    # asks the database for a domain only when one is chosen: one round trip less per keystroke.
    domains = [] if partial else list(Domain.objects.filter(is_active=True))
    if partial:
        domain = Domain.objects.filter(is_active=True, code=code).first() if code else None
    else:
        domain = next((d for d in domains if d.code == code), None)
    link = answer_link(request.GET.get("link", ""))
    target = request.GET.get("target", "")
    target = target if _TARGET.match(target) else DEFAULT_TARGET
    hits = search(q, kinds=kinds or None, domain_id=domain.pk if domain else None, limit=10) if q else []
    context = {
        "q": q,
        "hits": hits,
        "kinds": ItemKind.choices,
        "selected_kinds": kinds,
        "domains": domains,
        "selected_domain": domain,
        "link": link,
        "target": target,
    }
    if partial:
        return render(request, "knowledge/partials/results.html", context)
    return render(request, "knowledge/search.html", context)


@login_required
def item_detail(request, uuid):
    _require_staff(request.user)
    item = get_object_or_404(KnowledgeItem.objects.select_related("owner_domain"), uuid=uuid)
    if not item.is_published and not request.user.has_perm(EDIT):
        raise PermissionDenied
    if item.kind == ItemKind.NEWS:
        services.news_mark_read(item=item, user=request.user)
    return render(
        request,
        "knowledge/detail.html",
        {"item": item, "feedback_form": FeedbackForm(), "can_edit": request.user.has_perm(EDIT)},
    )


@login_required
@require_POST
def feedback_create(request, uuid):
    _require_staff(request.user)
    item = get_object_or_404(KnowledgeItem, uuid=uuid)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        services.feedback_submit(item=item, user=request.user, **form.cleaned_data)
        messages.success(request, "Bedankt, de redactie krijgt uw feedback.")
        return redirect("knowledge:detail", uuid=item.uuid)
    return render(
        request,
        "knowledge/detail.html",
        {"item": item, "feedback_form": form, "can_edit": request.user.has_perm(EDIT)},
        status=400,
    )


@login_required
@permission_required(EDIT, raise_exception=True)
def feedback_list(request):
    if request.method == "POST":
        feedback = get_object_or_404(KnowledgeFeedback, uuid=request.POST.get("feedback"))
        form = FeedbackResolveForm(request.POST)
        if form.is_valid():
            services.feedback_resolve(
                feedback=feedback, user=request.user, status=form.cleaned_data["status"]
            )
            messages.success(request, "Feedback afgehandeld.")
        return redirect("knowledge:feedback_list")
    return render(request, "knowledge/feedback_list.html", {"feedback": selectors.open_feedback()})


@login_required
@permission_required(EDIT, raise_exception=True)
def editor_list(request):
    stale_only = request.GET.get("verouderd") == "1"
    items = selectors.items_for_editor(stale_only=stale_only, kind=request.GET.get("soort", ""))[:200]
    return render(request, "knowledge/editor_list.html", {"items": items, "stale_only": stale_only})


@login_required
@permission_required(EDIT, raise_exception=True)
def item_edit(request, uuid=None):
    item = get_object_or_404(KnowledgeItem, uuid=uuid) if uuid else None
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        change_note = data.pop("change_note", "")
        teams = data.pop("target_teams")
        for key in list(data):
            if key.startswith("section_"):
                data.pop(key)
        data["sections"] = form.section_values()
        kind = data.pop("kind")
        with transaction.atomic():
            if item is None:
                item = services.item_create(
                    kind=kind,
                    user=request.user,
                    target_teams=teams,
                    change_note=change_note or "Aangemaakt",
                    **data,
                )
            else:
                services.item_update(
                    item=item,
                    user=request.user,
                    kind=kind,
                    target_teams=teams,
                    change_note=change_note,
                    **data,
                )
        messages.success(request, "Opgeslagen. Het item is direct vindbaar.")
        return redirect("knowledge:detail", uuid=item.uuid)
    versions = item.versions.select_related("author")[:20] if item else []
    return render(request, "knowledge/edit.html", {"form": form, "item": item, "versions": versions})


@login_required
@permission_required(EDIT, raise_exception=True)
@require_POST
def item_reviewed(request, uuid):
    item = get_object_or_404(KnowledgeItem, uuid=uuid)
    next_review = timezone.localdate() + datetime.timedelta(days=365)
    services.item_mark_reviewed(item=item, user=request.user, next_review=next_review)
    messages.success(request, f"Gemarkeerd als herzien; volgende herziening vóór {next_review:%d-%m-%Y}.")
    return redirect("knowledge:detail", uuid=item.uuid)


@login_required
def synonyms(request, pk=None):
    """The one synonym list: kennisbank search and the werkplek's product type-ahead both use it, so the
    editor (redacteur) and the functional administrator who keeps the product catalogue both maintain it."""
    if not any(request.user.has_perm(p) for p in SYNONYM_PERMISSIONS):
        raise PermissionDenied
    group = get_object_or_404(SynonymGroup, pk=pk) if pk else None
    if request.method == "POST" and request.POST.get("delete") and group:
        services.synonym_group_delete(group=group)
        messages.success(request, "Synoniemengroep verwijderd.")
        return redirect("knowledge:synonyms")
    initial = {"terms": group.terms, "note": group.note} if group else None
    form = SynonymForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.synonym_group_save(group=group, **form.cleaned_data)
        messages.success(request, "Synoniemen opgeslagen; zoeken gebruikt ze direct.")
        return redirect("knowledge:synonyms")
    return render(
        request,
        "knowledge/synonyms.html",
        {"form": form, "group": group, "groups": SynonymGroup.objects.all()},
    )


@login_required
def news_list(request):
    _require_staff(request.user)
    return render(request, "knowledge/news_list.html", {"news": selectors.news_for_user(user=request.user)})


@login_required
def news_important(request):
    """Important news this agent has not opened yet: an htmx fragment on the werkplek's start page.

    Loaded after the page, so the werkplek itself pays no queries for it; empty when there is nothing new.
    """
    _require_staff(request.user)
    unread = list(selectors.important_unread_news(user=request.user)[:5])
    return render(request, "knowledge/partials/news_important.html", {"unread": unread})
