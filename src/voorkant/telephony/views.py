"""Telephony pages: wall board, interval metrics, planning, what-if. Thin: parse, select, render."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from voorkant.telephony import selectors
from voorkant.telephony.erlang import agents_required, erlang_a_figures, erlang_c_figures
from voorkant.telephony.forms import PeriodForm, PlanningForm, WhatIfForm
from voorkant.telephony.models import Call
from voorkant.telephony.planning import forecast_day, history_load, staffing_plan
from voorkant.telephony.screenpop import call_conversation_start, call_for_agent
from voorkant.telephony.selectors import Metrics

COORDINATE = "organisation.coordinate_kcc"
MANAGEMENT = "organisation.view_management_information"


def _latest_day() -> dt.date:
    latest = Call.objects.aggregate(latest=Max("interval_start"))["latest"]
    return timezone.localdate(latest) if latest else timezone.localdate()


def _initial(form_class, request, defaults: dict, **kwargs):
    """Bind the GET parameters over the defaults, so an empty query string shows sensible figures."""
    data = {**defaults, **{k: v for k, v in request.GET.items() if v != "" or k == "queue"}}
    if request.GET and "count_short_abandons" not in request.GET:
        data.pop("count_short_abandons", None)
    return form_class(data, **kwargs)


@require_GET
@login_required
@permission_required(COORDINATE, raise_exception=True)
def wallboard_view(request):
    board = selectors.wallboard()
    context = {"board": board, "service_level_seconds": settings.TELEPHONY_SERVICE_LEVEL_SECONDS}
    if request.headers.get("HX-Request"):
        return render(request, "telephony/partials/wallboard_board.html", context)
    return render(request, "telephony/wallboard.html", context)


@require_GET
@login_required
@permission_required(MANAGEMENT, raise_exception=True)
def intervals_view(request):
    last = _latest_day()
    defaults = {
        "start": (last - dt.timedelta(days=6)).isoformat(),
        "end": last.isoformat(),
        "service_level_seconds": settings.TELEPHONY_SERVICE_LEVEL_SECONDS,
        "short_abandon_seconds": settings.TELEPHONY_SHORT_ABANDON_SECONDS,
    }
    form = _initial(PeriodForm, request, defaults, queues=selectors.queues_known())
    context = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(data["start"], dt.time(), tzinfo=tz)
        end = dt.datetime.combine(data["end"] + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        report = selectors.interval_metrics(
            start=start,
            end=end,
            queue=data["queue"] or None,
            service_level_seconds=data["service_level_seconds"],
            short_abandon_seconds=data["short_abandon_seconds"],
            count_short_abandons=data["count_short_abandons"],
        )
        days: OrderedDict[dt.date, Metrics] = OrderedDict()
        for row in report.rows:
            day = timezone.localdate(row.interval_start)
            days.setdefault(day, Metrics(count_short_abandons=data["count_short_abandons"])).add(row.metrics)
        context.update(report=report, days=days, single_day=data["start"] == data["end"])
    return render(request, "telephony/intervals.html", context)


@require_GET
@login_required
@permission_required(COORDINATE, raise_exception=True)
def planning_view(request):
    defaults = {
        name: field.initial for name, field in PlanningForm.base_fields.items() if field.initial is not None
    }
    defaults["day"] = (_latest_day() + dt.timedelta(days=1)).isoformat()
    form = _initial(PlanningForm, request, defaults, queues=selectors.queues_known())
    context = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        history = history_load(before=data["day"], queue=data["queue"] or None)
        forecast = forecast_day(history=history, day=data["day"])
        plans = []
        if history.aht:
            plans = staffing_plan(
                forecast=forecast,
                aht=history.aht,
                patience=history.patience,
                threshold=data["service_level_seconds"],
                service_level_target=data["service_level_target"] / 100,
                abandon_target=data["abandon_target"] / 100,
                shrinkage=data["shrinkage"] / 100,
            )
        context.update(history=history, plans=plans)
    return render(request, "telephony/planning.html", context)


@require_GET
@login_required
@permission_required(COORDINATE, raise_exception=True)
def whatif_view(request):
    defaults = {
        name: field.initial for name, field in WhatIfForm.base_fields.items() if field.initial is not None
    }
    form = _initial(WhatIfForm, request, defaults)
    context = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        patience = data["patience"]
        estimated = False
        if not patience:
            patience = history_load(before=_latest_day() + dt.timedelta(days=1)).patience
            estimated = patience is not None
        rate = data["calls"] / 900
        norms = {
            "arrival_rate": rate,
            "aht": data["aht"],
            "threshold": data["service_level_seconds"],
            "service_level_target": data["service_level_target"] / 100,
            "shrinkage": data["shrinkage"] / 100,
        }
        need_c = agents_required(**norms)
        need_a = (
            agents_required(
                **norms,
                patience=patience,
                abandon_target=data["abandon_target"] / 100,
                short_abandon=settings.TELEPHONY_SHORT_ABANDON_SECONDS,
            )
            if patience
            else None
        )
        low = max(1, min(need_c.agents, need_a.agents if need_a else need_c.agents) - 2)
        rows = []
        for agents in range(low, max(need_c.agents, need_a.agents if need_a else 0) + 3):
            c = erlang_c_figures(
                agents=agents, arrival_rate=rate, aht=data["aht"], threshold=norms["threshold"]
            )
            a = (
                erlang_a_figures(
                    agents=agents,
                    arrival_rate=rate,
                    aht=data["aht"],
                    patience=patience,
                    threshold=norms["threshold"],
                    short_abandon=settings.TELEPHONY_SHORT_ABANDON_SECONDS,
                )
                if patience
                else None
            )
            rows.append(
                {
                    "agents": agents,
                    "c": c,
                    "a": a,
                    "is_c": agents == need_c.agents,
                    "is_a": need_a is not None and agents == need_a.agents,
                }
            )
        context.update(
            need_c=need_c,
            need_a=need_a,
            rows=rows,
            patience=patience,
            estimated=estimated,
            load=rate * data["aht"],
        )
    return render(request, "telephony/whatif.html", context)


@require_POST
@login_required
@permission_required("organisation.use_agent_workspace", raise_exception=True)
def conversation_start_view(request, call_pk: int):
    """The screen-pop's button: open a phone conversation for this call, pre-filled with the caller."""
    call = call_for_agent(user=request.user, call_pk=call_pk)
    if call is None:
        raise Http404("Dit gesprek is niet door u aangenomen.")
    draft = call_conversation_start(call=call, user=request.user)
    return redirect("contacts:draft", draft_uuid=draft.uuid)
