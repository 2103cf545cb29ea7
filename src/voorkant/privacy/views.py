"""The privacy officer's screen: who processed this person, when, why and how."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from voorkant.privacy.forms import ProcessingLogSearchForm
from voorkant.privacy.supervision import processing_log_for_person, processing_log_search_log

PAGE_SIZE = 25


@login_required
@permission_required("organisation.view_processing_log", raise_exception=True)
@require_http_methods(["GET", "POST"])
@never_cache
def processing_log(request):
    """The search POSTs, so a BSN never appears in a URL; each search (and each page of it) is logged."""
    form = ProcessingLogSearchForm(request.POST if request.method == "POST" else None)
    page = None
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            processing_log_search_log(user=request.user, subject=form.subject)
        records = processing_log_for_person(user=request.user, subject=form.subject)
        page = Paginator(records, PAGE_SIZE).get_page(form.cleaned_data.get("pagina") or 1)
    return render(request, "privacy/log.html", {"form": form, "page": page})
