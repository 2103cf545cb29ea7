"""Catalogue screens: products for the functional administrator, protocols for coordinators and managers,
and the agent's one-click signal."""

from __future__ import annotations

import json
import uuid as uuid_module

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from voorkant.catalogue import selectors
from voorkant.catalogue.forms import (
    DecisionForm,
    FieldSpecFormSet,
    LocalProductForm,
    ProductSettingsForm,
    ProposalForm,
    SignalForm,
)
from voorkant.catalogue.models import Product, Protocol, ProtocolVersion, VersionStatus
from voorkant.catalogue.services import (
    product_create_local,
    proposal_decide,
    protocol_propose,
    protocol_signal_create,
)

ADMINISTER = "organisation.manage_reference_data"
COORDINATE = "organisation.coordinate_kcc"
DECIDE = "organisation.decide_protocol_proposals"


def _can_see_protocols(user) -> bool:
    return any(user.has_perm(p) for p in (ADMINISTER, COORDINATE, DECIDE))


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@login_required
@permission_required(ADMINISTER, raise_exception=True)
def product_list(request):
    query = request.GET.get("q", "")
    page = Paginator(selectors.product_admin_list(query=query), 50).get_page(request.GET.get("pagina"))
    return render(request, "catalogue/product_list.html", {"page": page, "query": query})


@login_required
@permission_required(ADMINISTER, raise_exception=True)
def product_add(request):
    form = LocalProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = product_create_local(**form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"Product '{product.name}' is toegevoegd.")
            return redirect("catalogue:product_edit", uuid=product.uuid)
    return render(request, "catalogue/product_form.html", {"form": form, "title": "Eigen product toevoegen"})


@login_required
@permission_required(ADMINISTER, raise_exception=True)
def product_edit(request, uuid):
    product = get_object_or_404(Product, uuid=uuid)
    form = ProductSettingsForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "De instellingen zijn opgeslagen.")
        return redirect("catalogue:product_list")
    return render(
        request, "catalogue/product_form.html", {"form": form, "title": product.name, "product": product}
    )


@login_required
def protocol_list(request):
    if not _can_see_protocols(request.user):
        return HttpResponse(status=403)
    return render(
        request,
        "catalogue/protocol_list.html",
        {"rows": selectors.protocols_overview(), "proposals": selectors.proposals_pending()},
    )


@login_required
def protocol_detail(request, code):
    if not _can_see_protocols(request.user):
        return HttpResponse(status=403)
    protocol = get_object_or_404(Protocol, code=code)
    versions = list(protocol.versions.prefetch_related("fields").select_related("proposed_by", "decided_by"))
    history = []
    for index, version in enumerate(versions):
        older = versions[index + 1] if index + 1 < len(versions) else None
        history.append({"version": version, "diff": selectors.version_diff(older=older, newer=version)})
    return render(
        request,
        "catalogue/protocol_detail.html",
        {
            "protocol": protocol,
            "history": history,
            "per_field": selectors.signals_per_field(protocol=protocol),
            "analytics": selectors.protocol_field_analytics(protocol=protocol),
            "analytics_days": selectors.ANALYTICS_DAYS,
            "signals": selectors.open_signals(protocol=protocol)[:50],
            "can_propose": request.user.has_perm(COORDINATE),
            "can_decide": request.user.has_perm(DECIDE),
        },
    )


@login_required
@permission_required(COORDINATE, raise_exception=True)
def proposal_create(request, code):
    protocol = get_object_or_404(Protocol, code=code)
    current = protocol.versions.filter(status=VersionStatus.PUBLISHED).prefetch_related("fields").first()
    signals = list(selectors.open_signals(protocol=protocol))
    if request.method == "POST":
        form = ProposalForm(request.POST)
        formset = FieldSpecFormSet(request.POST, prefix="vraag")
        chosen = set(request.POST.getlist("signalen"))
        if form.is_valid() and formset.is_valid():
            specs = [f.to_spec() for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                protocol_propose(
                    protocol=protocol,
                    user=request.user,
                    level=form.cleaned_data["level"],
                    requires_follow_up=form.cleaned_data["requires_follow_up"],
                    rationale=form.cleaned_data["rationale"],
                    fields=specs,
                    signals=[s for s in signals if str(s.uuid) in chosen],
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, "Het voorstel staat klaar voor een besluit van de manager.")
                return redirect("catalogue:protocol_detail", code=protocol.code)
    else:
        initial_fields = [
            {
                "label": f.label,
                "key": f.key,
                "kind": f.kind,
                "is_required": f.is_required,
                "why_asked": f.why_asked,
                "help_text": f.help_text,
                "choices": "; ".join(f.choices),
            }
            for f in (current.fields.all() if current else [])
        ]
        form = ProposalForm(
            initial={
                "level": current.level if current else "standaard",
                "requires_follow_up": current.requires_follow_up if current else False,
            }
        )
        formset = FieldSpecFormSet(initial=initial_fields, prefix="vraag")
    return render(
        request,
        "catalogue/proposal_form.html",
        {
            "protocol": protocol,
            "form": form,
            "formset": formset,
            "signals": signals,
            # The figures behind the signals, beside the draft: proposals rest on both.
            "analytics": selectors.protocol_field_analytics(protocol=protocol),
            "analytics_days": selectors.ANALYTICS_DAYS,
        },
    )


@login_required
@permission_required(DECIDE, raise_exception=True)
def proposal_decision(request, uuid):
    version = get_object_or_404(ProtocolVersion.objects.select_related("protocol"), uuid=uuid)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_decide(
                version=version,
                user=request.user,
                approve=form.cleaned_data["decision"] == "goedkeuren",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, "Het besluit is vastgelegd.")
            return redirect("catalogue:protocol_detail", code=version.protocol.code)
    older = version.protocol.versions.filter(status=VersionStatus.PUBLISHED).first()
    return render(
        request,
        "catalogue/proposal_decision.html",
        {"version": version, "form": form, "diff": selectors.version_diff(older=older, newer=version)},
    )


def _signal_version(request) -> ProtocolVersion:
    source = request.POST if request.method == "POST" else request.GET
    try:
        version_uuid = uuid_module.UUID(source.get("version") or "")
    except ValueError:
        raise Http404("Dit protocol bestaat niet.") from None
    return get_object_or_404(
        ProtocolVersion.objects.select_related("protocol").prefetch_related("fields"), uuid=version_uuid
    )


@login_required
@permission_required("organisation.use_agent_workspace", raise_exception=True)
@require_http_methods(["GET", "POST"])
def signal_create(request):
    """The werkplek's signal dialog: GET renders it for one question's protocol, POST stores the signal.

    On success the dialog closes (HX-Trigger ``vk-signal-sent``) and the confirmation is announced in the
    question's own live region; on errors the dialog comes back with the message at the field (422)."""
    version = _signal_version(request)
    fields = list(version.fields.all())
    if request.method == "GET":
        form = SignalForm(
            initial={
                "version": version.uuid,
                "product": request.GET.get("product") or None,
                "question": request.GET.get("question") or None,
            },
            protocol_fields=fields,
        )
        return render(request, "catalogue/partials/signal_form.html", {"form": form, "version": version})
    form = SignalForm(request.POST, protocol_fields=fields)
    if form.is_valid():
        data = form.cleaned_data
        field = next((f for f in fields if f.pk == data.get("field")), None)
        product = Product.objects.filter(uuid=data["product"]).first() if data.get("product") else None
        try:
            signal = protocol_signal_create(
                user=request.user,
                version=version,
                field=field,
                product=product,
                kind=data["kind"],
                reason=data["reason"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            about = f"vraag '{field.label}'" if field else f"protocol {version.protocol.name}"
            message = f"Signaal over {about} doorgegeven aan de teamleider. Dank je."
            response = render(request, "catalogue/partials/signal_thanks.html", {"message": message})
            sent = {"question": data.get("question"), "message": message, "id": str(signal.uuid)}
            response["HX-Trigger"] = json.dumps({"vk-signal-sent": sent})
            return response
    return render(
        request, "catalogue/partials/signal_form.html", {"form": form, "version": version}, status=422
    )
