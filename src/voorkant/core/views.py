from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def health(request):
    """200 when the database answers and the worker's heartbeat is fresh; 503 otherwise.

    The worker is stale when its newest heartbeat is older than WORKER_STALE_SECONDS. When no worker has ever
    run on this database, WORKER_REQUIRED decides (on in production, off with DEBUG so a developer who runs
    only the web server still sees 200; the check then says "nooit gestart").
    """
    from voorkant.jobs.selectors import worker_health

    checks = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is unusable for us
        checks["database"] = "onbereikbaar"
        healthy = False
    if healthy:
        worker = worker_health()
        checks["worker"] = worker.state
        if worker.age_seconds is not None:
            checks["worker_heartbeat_age_seconds"] = round(worker.age_seconds, 1)
        healthy = worker.healthy
    return JsonResponse(
        {"status": "ok" if healthy else "fout", "checks": checks}, status=200 if healthy else 503
    )


@login_required
def home(request):
    """Send each user to where their work is."""
    user = request.user
    if user.has_perm("organisation.use_agent_workspace"):
        return redirect("contacts:workspace")
    if user.has_perm("organisation.work_backoffice"):
        return redirect("followups:inbox")
    if user.has_perm("organisation.view_management_information"):
        return redirect("dashboard:overview")
    if user.has_perm("organisation.view_processing_log"):
        return redirect("privacy:log")
    return render(request, "core/home.html")


@login_required
@permission_required("organisation.manage_reference_data", raise_exception=True)
def administration(request):
    admin_links = [
        {"label": "Achtergrondtaken en worker", "url": reverse("jobs:list")},
        {"label": "Openingstijden", "url": reverse("admin:workdays_openinghours_changelist")},
        {"label": "Sluitingsdagen", "url": reverse("admin:workdays_closureday_changelist")},
        {"label": "E-mailsjablonen", "url": reverse("admin:outbox_emailtemplate_changelist")},
        {
            "label": "Extra vragen per domein (vervolgacties)",
            "url": reverse("admin:followups_domainquestion_changelist"),
        },
        {"label": "Routering van vervolgacties", "url": reverse("followups:routing")},
        {"label": "API-sleutels", "url": reverse("admin:apitokens_apitoken_changelist")},
    ]
    return render(request, "core/administration.html", {"admin_links": admin_links})
