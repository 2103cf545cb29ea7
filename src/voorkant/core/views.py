from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def health(request):
    """200 with the database status, 503 when the database cannot be reached."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is unusable for us
        checks["database"] = "onbereikbaar"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fout", "checks": checks}, status=200 if healthy else 503
    )


@login_required
def home(request):
    """Send each user to where their work is."""
    user = request.user
    if user.has_perm("organisation.use_agent_workspace"):
        return redirect("contacts:workspace")
    if user.has_perm("organisation.view_management_information"):
        return redirect("dashboard:overview")
    if user.has_perm("organisation.view_processing_log"):
        return redirect("privacy:log")
    return render(request, "core/home.html")


@login_required
@permission_required("organisation.manage_reference_data", raise_exception=True)
def administration(request):
    return render(request, "core/administration.html")
