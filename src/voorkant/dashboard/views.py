"""Manager views: overview, live today view, exports, and the norms page for the functional administrator.

They read rollups only (see selectors); nothing here names a person or shows an identifier.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from voorkant.dashboard import selectors
from voorkant.dashboard.exports import export_sections, to_csv, to_xlsx
from voorkant.dashboard.forms import DashboardFilterForm
from voorkant.dashboard.norms import DEFAULT_NORMS
from voorkant.dashboard.services import norm_update

VIEW_PERMISSION = "organisation.view_management_information"


def _resolve(request):
    choices = selectors.filter_choices()
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, choices=choices, today=today)
    period, filters = form.resolve()
    return form, choices, period, filters


def _filter_labels(form, filters: selectors.Filters, choices: selectors.Choices) -> list[tuple[str, str]]:
    names = choices.names()
    labels = []
    for label, key, value in (
        ("Kanaal", "channel", filters.channel_id),
        ("Domein", "domain", filters.domain_id),
        ("Product", "product", filters.product_id),
        ("Team", "team", filters.team_id),
    ):
        labels.append((label, names[key].get(value, "?") if value is not None else "alle"))
    return labels


def _chart_data(data: selectors.Dashboard) -> dict:
    return {
        "trend": {
            "labels": [row["label"] for row in data.trend],
            "questions": [row["questions_chart"] for row in data.trend],
            "fcr": [row["fcr_chart"] for row in data.trend],
        },
        "channels": {
            "labels": [row["label"] for row in data.by_channel],
            "questions": [row["questions_chart"] for row in data.by_channel],
            "fcr": [row["fcr_chart"] for row in data.by_channel],
        },
    }


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def overview(request):
    form, choices, period, filters = _resolve(request)
    data = selectors.dashboard_for(period, filters, choices)
    query = request.GET.urlencode()
    return render(
        request,
        "dashboard/overview.html",
        {
            "form": form,
            "data": data,
            "charts": _chart_data(data),
            "filter_labels": _filter_labels(form, filters, choices),
            "query": query,
            "unavailable": [k for k in data.kpis if not k.available],
            "available": [k for k in data.kpis if k.available],
        },
    )


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def today(request):
    """The live view of today; htmx asks for the region alone every 30 seconds."""
    form, choices, _period, filters = _resolve(request)
    day = timezone.localdate()
    period = selectors.period_for("vandaag", today=day)
    norms = selectors.norms_in_force()
    seg = selectors.segments(period, filters)
    kpis = [
        k
        for k in selectors.kpis_for(period, filters, seg, norms)
        if k.code in ("volume", "eerstelijns-afhandeling", "doorverbonden-juiste-persoon", "herhaalcontact")
    ]
    hours = selectors.hourly_today(day, filters)
    context = {
        "form": form,
        "period": period,
        "kpis": kpis,
        "hours": hours,
        "chart": {
            "labels": [h["label"] for h in hours],
            "questions": [h["questions_chart"] for h in hours],
        },
        "by_channel": selectors.breakdown(seg.by_channel, choices.names()["channel"]),
        "updated": timezone.localtime(),
        "query": request.GET.urlencode(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "dashboard/partials/today_region.html", context)
    return render(request, "dashboard/today.html", context)


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def export(request, fmt: str):
    form, choices, period, filters = _resolve(request)
    data = selectors.dashboard_for(period, filters, choices)
    sections = export_sections(data, _filter_labels(form, filters, choices))
    name = f"dashboard-{period.start.isoformat()}-{period.end.isoformat()}"
    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx(sections),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(to_csv(sections), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("organisation.manage_reference_data", raise_exception=True)
def norms(request):
    """The functional administrator sets the service norms; each shows the source of its default."""
    from voorkant.dashboard.forms_norms import NormForm

    in_force = selectors.norms_in_force()
    forms = [NormForm(request.POST or None, prefix=n.code, norm=in_force[n.code]) for n in DEFAULT_NORMS]
    if request.method == "POST":
        if all(form.is_valid() for form in forms):
            for form in forms:
                norm_update(code=form.prefix, user=request.user, **form.cleaned_data)
            messages.success(request, "De servicenormen zijn opgeslagen.")
            return redirect("dashboard:norms")
        messages.error(request, "Niet opgeslagen: verbeter de gemarkeerde velden.")
    return render(request, "dashboard/norms.html", {"forms": forms})
