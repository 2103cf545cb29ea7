"""Catalogue screens: products for the functional administrator, protocols for coordinators and managers,
and the agent's one-click signal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from voorkant.catalogue import selectors
from voorkant.catalogue.forms import (
    DecisionForm,
    FieldSpecFormSet,
    LocalProductForm,
    ProductSettingsForm,
    ProposalForm,
    SignalForm,
)
from voorkant.catalogue.models import Product, Protocol, ProtocolField, ProtocolVersion, VersionStatus
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
        {"protocol": protocol, "form": form, "formset": formset, "signals": signals},
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


@login_required
@permission_required("organisation.use_agent_workspace", raise_exception=True)
@require_POST
def signal_create(request):
    form = SignalForm(request.POST)
    if form.is_valid():
        version = get_object_or_404(ProtocolVersion, uuid=form.cleaned_data["version"])
        field = None
        if form.cleaned_data.get("field"):
            field = get_object_or_404(ProtocolField, pk=form.cleaned_data["field"], version=version)
        product = None
        if form.cleaned_data.get("product"):
            product = Product.objects.filter(uuid=form.cleaned_data["product"]).first()
        try:
            protocol_signal_create(
                user=request.user,
                version=version,
                field=field,
                product=product,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return render(request, "catalogue/partials/signal_thanks.html", {})
    return render(request, "catalogue/partials/signal_form.html", {"form": form}, status=422)
