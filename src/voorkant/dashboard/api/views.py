"""GET /api/v1/dashboard/kpis: the same KPIs for BI tools.

A staff session may read it now; the platform's API tokens with the management-information scope will guard it
(see docs/api.md). Errors answer as problem JSON.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from voorkant.contacts.models import Channel
from voorkant.dashboard import selectors
from voorkant.dashboard.display import SUPPRESSION_THRESHOLD, is_shown
from voorkant.dashboard.forms import api_period
from voorkant.organisation.models import Domain

VIEW_PERMISSION = "organisation.view_management_information"


def problem(request, *, status: int, code: str, title: str, invalid: dict[str, str] | None = None):
    body = {
        "type": f"https://voorkant.invalid/problemen/{code}",
        "code": code,
        "title": title,
        "status": status,
        "detail": title,
        "instance": request.path,
        "invalidParams": [{"name": k, "code": "invalid", "reason": v} for k, v in (invalid or {}).items()],
    }
    return JsonResponse(body, status=status, content_type="application/problem+json")


def _kpi_json(result: selectors.KpiResult) -> dict:
    shown = result.shown
    return {
        "code": result.code,
        "naam": result.label,
        "eenheid": result.unit,
        "beschikbaar": result.available,
        # Suppressed figures are null with "onderdrukt": true; the screen and exports show "<5".
        "waarde": round(result.value, 2) if shown and result.value is not None else None,
        "onderdrukt": result.available and result.value is not None and not shown,
        "weergave": result.display,
        "norm": None
        if result.norm is None
        else {
            "omschrijving": result.norm.description,
            "streefwaarde": float(result.norm.target_percentage),
            "richting": result.norm.direction,
            "grens": result.norm.threshold,
            "bron": result.norm.source,
        },
        "status": result.status,
        "bron": result.source,
    }


@require_GET
def kpis(request):
    user = request.user
    if not user.is_authenticated:
        return problem(request, status=401, code="not_authenticated", title="Niet ingelogd.")
    if not user.has_perm(VIEW_PERMISSION):
        return problem(
            request, status=403, code="permission_denied", title="Geen toegang tot managementinformatie."
        )
    period, errors = api_period(request.GET)
    filters: dict[str, int] = {}
    for name, model in (("domain", Domain), ("channel", Channel)):
        code = request.GET.get(name)
        if code:
            pk = model.objects.filter(code=code).values_list("id", flat=True).first()
            if pk is None:
                errors[name] = f"Onbekende code '{code[:40]}'."
            else:
                filters[f"{name}_id"] = pk
    if errors or period is None:
        return problem(request, status=400, code="invalid", title="Ongeldige parameters.", invalid=errors)
    results, totals = selectors.kpis_only(period, selectors.Filters(**filters))
    return JsonResponse(
        {
            "van": period.start.isoformat(),
            "tot": period.end.isoformat(),
            "filters": {k: request.GET.get(k) for k in ("domain", "channel") if request.GET.get(k)},
            "onderdrukkingsgrens": SUPPRESSION_THRESHOLD,
            "vragen": totals.questions
            if is_shown(unit="aantal", value=totals.questions, denominator=None)
            else None,
            "kpis": [_kpi_json(r) for r in results],
        }
    )
