"""Forms of the follow-up screens. Labels and messages are Dutch; services do the checking that matters."""

from __future__ import annotations

from django import forms

from voorkant.catalogue.models import Product
from voorkant.contacts.models import Channel
from voorkant.followups.models import RoutingRule
from voorkant.organisation.models import Domain, Team

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
TIME = {"class": "utrecht-textbox utrecht-textbox--html-input", "type": "time"}


class RoutingRuleForm(forms.ModelForm):
    product = forms.ModelChoiceField(
        queryset=Product.objects.filter(is_active=True).only("id", "name"),
        required=False,
        label="Product",
        empty_label="Elk product",
        widget=forms.Select(SELECT),
        help_text="Alleen vragen over dit product.",
    )
    channel = forms.ModelChoiceField(
        queryset=Channel.objects.filter(is_active=True),
        required=False,
        label="Kanaal",
        empty_label="Elk kanaal",
        widget=forms.Select(SELECT),
    )
    domain = forms.ModelChoiceField(
        queryset=Domain.objects.filter(is_active=True), label="Naar domein", widget=forms.Select(SELECT)
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.filter(is_active=True).select_related("domain"),
        required=False,
        label="Naar team",
        empty_label="Geen team (het hele domein)",
        widget=forms.Select(SELECT),
    )

    class Meta:
        model = RoutingRule
        fields = [
            "name",
            "product",
            "channel",
            "customer_type",
            "time_from",
            "time_until",
            "domain",
            "team",
            "is_active",
        ]
        labels = {
            "name": "Naam van de regel",
            "customer_type": "Soort klant",
            "time_from": "Vanaf (tijd)",
            "time_until": "Tot (tijd)",
            "is_active": "Actief",
        }
        widgets = {
            "name": forms.TextInput(TEXT),
            "customer_type": forms.Select(SELECT),
            "time_from": forms.TimeInput(TIME, format="%H:%M"),
            "time_until": forms.TimeInput(TIME, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_type"].choices = [("", "Elke klant"), *self.fields["customer_type"].choices[1:]]
        self.fields["team"].label_from_instance = lambda team: f"{team.domain.name} — {team.name}"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("time_from"), cleaned.get("time_until")
        if (
            (start is None) != (end is None)
            and not self.has_error("time_from")
            and not self.has_error("time_until")
        ):
            self.add_error(
                "time_until" if end is None else "time_from", "Vul beide tijden in, of geen van beide."
            )
        team, domain = cleaned.get("team"), cleaned.get("domain")
        if team is not None and domain is not None and team.domain_id != domain.pk:
            self.add_error("team", "Dit team hoort niet bij het gekozen domein.")
        return cleaned
