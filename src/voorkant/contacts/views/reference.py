"""Plain list and edit screens for channels and outcomes, for the functional administrator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from voorkant.contacts import services
from voorkant.contacts.forms import ChannelForm, OutcomeForm
from voorkant.contacts.models import Channel, Outcome

PERMISSION = "organisation.manage_reference_data"

KINDS = {
    "channel": {
        "model": Channel,
        "form": ChannelForm,
        "save": services.channel_save,
        "plural": "Kanalen",
        "singular": "kanaal",
        "list": "reference:channels",
        "add": "reference:channel_add",
        "edit": "reference:channel_edit",
    },
    "outcome": {
        "model": Outcome,
        "form": OutcomeForm,
        "save": services.outcome_save,
        "plural": "Uitkomsten",
        "singular": "uitkomst",
        "list": "reference:outcomes",
        "add": "reference:outcome_add",
        "edit": "reference:outcome_edit",
    },
}


def admin_view(view):
    return login_required(permission_required(PERMISSION, raise_exception=True)(view))


@admin_view
def reference_list(request, kind: str):
    spec = KINDS[kind]
    rows = spec["model"].objects.order_by("order", "name")
    return render(request, "contacts/reference_list.html", {"spec": spec, "kind": kind, "rows": rows})


@admin_view
def reference_edit(request, kind: str, pk: int | None = None):
    """Add or change a row; deactivating is unticking 'In gebruik' (rows in use are never deleted)."""
    spec = KINDS[kind]
    instance = get_object_or_404(spec["model"], pk=pk) if pk is not None else None
    form = spec["form"](request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = spec["save"](**{kind: instance}, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"'{saved.name}' is opgeslagen.")
            return redirect(spec["list"])
    return render(
        request,
        "contacts/reference_form.html",
        {"spec": spec, "kind": kind, "form": form, "instance": instance},
    )
