"""The beheerder's routing rules: a plain ordered list with move up/down, add, edit and remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from voorkant.followups.forms import RoutingRuleForm
from voorkant.followups.models import RoutingRule
from voorkant.followups.routing_rules import routing_rule_delete, routing_rule_move, routing_rule_save

ADMINISTER = "organisation.manage_reference_data"


def add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)


@login_required
@permission_required(ADMINISTER, raise_exception=True)
def rule_list(request):
    rules = RoutingRule.objects.select_related("product", "channel", "domain", "team")
    return render(request, "followups/routing_list.html", {"rules": rules})


@login_required
@permission_required(ADMINISTER, raise_exception=True)
def rule_edit(request, pk: int | None = None):
    rule = get_object_or_404(RoutingRule, pk=pk) if pk is not None else None
    form = RoutingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            routing_rule_save(rule=rule, values=values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "De routeringsregel is opgeslagen.")
            return redirect("followups:routing")
    title = rule.name if rule else "Nieuwe routeringsregel"
    return render(request, "followups/routing_form.html", {"form": form, "rule": rule, "title": title})


@login_required
@permission_required(ADMINISTER, raise_exception=True)
@require_POST
def rule_move(request, pk: int):
    routing_rule_move(rule=get_object_or_404(RoutingRule, pk=pk), up=request.POST.get("richting") == "omhoog")
    return redirect("followups:routing")


@login_required
@permission_required(ADMINISTER, raise_exception=True)
@require_POST
def rule_delete(request, pk: int):
    rule = get_object_or_404(RoutingRule, pk=pk)
    routing_rule_delete(rule=rule)
    messages.success(request, f"De regel '{rule.name}' is verwijderd.")
    return redirect("followups:routing")
