"""The live notification region, the full list, marking read and the coordinator's broadcast."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from voorkant.notifications.forms import BroadcastForm
from voorkant.notifications.live import live_response
from voorkant.notifications.selectors import notification_list, unread_etag, unread_for_region
from voorkant.notifications.services import (
    broadcast_send,
    notification_mark_all_read,
    notification_mark_read,
)


@require_GET
@login_required
def live_region(request):
    """Polled by live.js: 304 while nothing changed, else the fragment."""
    return live_response(
        request,
        etag=unread_etag(user=request.user),
        render=lambda: render(
            request,
            "notifications/partials/items.html",
            {"notifications": unread_for_region(user=request.user)},
        ),
    )


@login_required
def notification_index(request):
    page = Paginator(notification_list(user=request.user), 25).get_page(request.GET.get("pagina"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def mark_read(request, notification_id: int):
    notification_mark_read(user=request.user, notification_id=notification_id)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "notifications/partials/items.html",
            {"notifications": unread_for_region(user=request.user)},
        )
    return redirect(request.POST.get("next") if _safe(request.POST.get("next")) else "notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    count = notification_mark_all_read(user=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "notifications/partials/items.html", {"notifications": []})
    if count:
        messages.success(
            request,
            f"{count} meldingen gemarkeerd als gelezen."
            if count > 1
            else "1 melding gemarkeerd als gelezen.",
        )
    return redirect(request.POST.get("next") if _safe(request.POST.get("next")) else "notifications:list")


def _safe(url: str | None) -> bool:
    return bool(url) and url.startswith("/") and not url.startswith("//")


@login_required
@permission_required("organisation.coordinate_kcc", raise_exception=True)
def broadcast(request):
    form = BroadcastForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = broadcast_send(sender=request.user, text=form.cleaned_data["text"])
        messages.success(request, f"De mededeling is verstuurd naar {count} medewerkers.")
        return redirect("notifications:broadcast")
    return render(request, "notifications/broadcast.html", {"form": form})
