"""Manager views: overview, live today view, exports, and the norms page for the functional administrator.

They read rollups only (see selectors); nothing here names a person or shows an identifier.
"""

from __future__ import annotations

from hashlib import sha256

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from voorkant.dashboard import selectors
from voorkant.dashboard.exports import export_response, export_sections, own_figures_sections
from voorkant.dashboard.forms import DashboardFilterForm, PeriodForm
from voorkant.dashboard.norms import DEFAULT_NORMS
from voorkant.dashboard.periods import period_for
from voorkant.dashboard.selectors.personal import own_figures
from voorkant.dashboard.services import norm_update
from voorkant.notifications.live import live_response

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
    # The norm is drawn on every chart that shows first-contact resolution, so a gap is seen, not computed.
    norm = data.norms.get("eerstelijns-afhandeling")
    fcr_norm = float(norm.target_percentage) if norm else None
    return {
        "trend": {
            "labels": [row["label"] for row in data.trend],
            "questions": [row["questions_chart"] for row in data.trend],
            "fcr": [row["fcr_chart"] for row in data.trend],
            "fcr_norm": fcr_norm,
        },
        "channels": {
            "labels": [row["label"] for row in data.by_channel],
            "questions": [row["questions_chart"] for row in data.by_channel],
            "fcr": [row["fcr_chart"] for row in data.by_channel],
            "fcr_norm": fcr_norm,
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


TODAY_KPIS = (
    "volume",
    "eerstelijns-afhandeling",
    "telefoon-bereikbaarheid",
    "telefoon-verlaten",
    "doorverbonden-juiste-persoon",
    "herhaalcontact",
    "vervolgacties-te-laat",
)


def _today_context(request) -> dict:
    form, choices, _period, filters = _resolve(request)
    day = timezone.localdate()
    period = period_for("vandaag", today=day)
    norms = selectors.norms_in_force()
    seg = selectors.segments(period, filters)
    kpis = [k for k in selectors.kpis_for(period, filters, seg, norms) if k.code in TODAY_KPIS]
    hours = selectors.hourly_today(day, filters)
    return {
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


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def today(request):
    """The live view of today; the platform's live region (live.js) asks today_live for the region."""
    return render(request, "dashboard/today.html", _today_context(request))


def _minute() -> str:
    return timezone.localtime().strftime("%Y%m%d%H%M")


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def today_live(request):
    """The region alone, 304 while nothing changed. The ETag is the rollup version (it goes up with every
    rollup change) plus the minute, so the phone KPIs, which come from the telephony app, are at most a
    minute old; an unchanged poll costs one tiny query."""
    version = selectors.rollup_version()
    etag = f"{version}-{_minute()}-{sha256(request.GET.urlencode().encode()).hexdigest()[:12]}"
    return live_response(
        request,
        etag=etag,
        render=lambda: render(request, "dashboard/partials/today_region.html", _today_context(request)),
    )


@require_GET
@login_required
def mine(request):
    """Any employee's own figures (and their led teams' aggregates). The only person it can show is the
    logged-in user: there is no parameter naming an employee."""
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    figures = own_figures(user=request.user, period=form.period())
    return render(
        request, "dashboard/mine.html", {"form": form, "figures": figures, "query": request.GET.urlencode()}
    )


@require_GET
@login_required
def mine_export(request, fmt: str):
    """The own-figures page as CSV or XLSX: the same figures, for the same (logged-in) person only."""
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    figures = own_figures(user=request.user, period=form.period())
    if figures.employee is None:
        raise Http404("Geen medewerker gekoppeld aan dit account.")
    period = figures.period
    name = f"mijn-cijfers-{period.start.isoformat()}-{period.end.isoformat()}"
    return export_response(own_figures_sections(figures), fmt=fmt, name=name)


@require_GET
@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def export(request, fmt: str):
    form, choices, period, filters = _resolve(request)
    data = selectors.dashboard_for(period, filters, choices)
    sections = export_sections(data, _filter_labels(form, filters, choices))
    name = f"dashboard-{period.start.isoformat()}-{period.end.isoformat()}"
    return export_response(sections, fmt=fmt, name=name)


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
