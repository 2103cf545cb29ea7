"""The customer's answer page (public, reached by a one-time link) and the staff's results and settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from voorkant.surveys import selectors, services
from voorkant.surveys.forms import ResponseForm, SettingsForm


def _closed(request, error: services.SurveyClosedError):
    return render(request, "surveys/closed.html", {"reason": error.message}, status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token: str):
    """One page, three short questions and a comment; the answer is stored once."""
    try:
        services.invitation_open(token=token)
    except services.SurveyClosedError as error:
        return _closed(request, error)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(token=token, **form.cleaned_data)
        except services.SurveyClosedError as error:
            return _closed(request, error)
        return render(request, "surveys/thanks.html")
    return render(request, "surveys/respond.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def opt_out_view(request, token: str):
    """GET asks for confirmation (a mail scanner following links must not opt anyone out); POST does it."""
    if request.method == "POST":
        try:
            services.opt_out(token=token)
        except services.SurveyClosedError as error:
            return _closed(request, error)
        return render(request, "surveys/opted_out.html")
    return render(request, "surveys/opt_out.html", {"token": token})


@login_required
@permission_required("organisation.coordinate_kcc", raise_exception=True)
def results(request):
    only_dissatisfied = request.GET.get("ontevreden") == "1"
    page = Paginator(selectors.responses_recent(only_dissatisfied=only_dissatisfied), 25).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "surveys/results.html",
        {"summary": selectors.results_summary(), "page": page, "only_dissatisfied": only_dissatisfied},
    )


@login_required
@permission_required("organisation.manage_reference_data", raise_exception=True)
def settings_edit(request):
    policy = services.survey_settings()
    form = SettingsForm(request.POST or None, instance=policy, initial={"channels": policy.channels.all()})
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in SettingsForm.Meta.fields}
        services.settings_update(user=request.user, values=values, channels=form.cleaned_data["channels"])
        messages.success(request, "De instellingen voor het tevredenheidsonderzoek zijn opgeslagen.")
        return redirect("surveys:settings")
    return render(request, "surveys/settings.html", {"form": form}, status=400 if form.errors else 200)
