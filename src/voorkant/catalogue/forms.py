from __future__ import annotations

from django import forms
from django.forms import formset_factory

from voorkant.catalogue.models import FieldKind, Product, ProtocolLevel, SignalKind
from voorkant.catalogue.services.protocols import FieldSpec

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}


class LocalProductForm(forms.ModelForm):
    upl_uri = forms.URLField(
        label="UPL-URI (als het product in de UPL staat)",
        required=False,
        max_length=300,
        assume_scheme="https",
        widget=forms.URLInput(TEXT),
    )

    class Meta:
        model = Product
        fields = ["name", "upl_uri", "owner_domain", "for_citizens", "for_businesses"]
        labels = {
            "name": "Naam",
            "owner_domain": "Eigenaar (domein)",
            "for_citizens": "Voor inwoners",
            "for_businesses": "Voor ondernemers",
        }
        widgets = {
            "name": forms.TextInput(TEXT),
            "upl_uri": forms.URLInput(TEXT),
            "owner_domain": forms.Select(SELECT),
        }


class ProductSettingsForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "protocol",
            "norm_amount",
            "norm_unit",
            "followup_domain",
            "followup_team",
            "retention_months",
            "is_confidential_by_default",
            "is_active",
        ]
        labels = {
            "protocol": "Registratieprotocol",
            "norm_amount": "Servicenorm vervolgactie",
            "norm_unit": "Eenheid van de norm",
            "followup_domain": "Standaard domein voor vervolgacties",
            "followup_team": "Standaard team voor vervolgacties",
            "retention_months": "Bewaartermijn (maanden)",
            "is_confidential_by_default": "Standaard vertrouwelijk",
            "is_active": "Actief (aangeboden aan het KCC)",
        }
        widgets = {
            "protocol": forms.Select(SELECT),
            "norm_amount": forms.NumberInput(TEXT),
            "norm_unit": forms.Select(SELECT),
            "followup_domain": forms.Select(SELECT),
            "followup_team": forms.Select(SELECT),
            "retention_months": forms.NumberInput(TEXT),
        }

    def clean(self):
        data = super().clean()
        team, domain = data.get("followup_team"), data.get("followup_domain")
        if team and domain and team.domain_id != domain.pk:
            self.add_error("followup_team", "Dit team hoort niet bij het gekozen domein.")
        return data


class ProposalForm(forms.Form):
    level = forms.ChoiceField(label="Niveau", choices=ProtocolLevel.choices, widget=forms.Select(SELECT))
    requires_follow_up = forms.BooleanField(label="Altijd een vervolgactie", required=False)
    rationale = forms.CharField(
        label="Toelichting",
        help_text="Welke signalen en welke afweging leiden tot dit voorstel?",
        widget=forms.Textarea(AREA),
        max_length=4000,
    )


class FieldSpecForm(forms.Form):
    label = forms.CharField(label="Vraag", max_length=200, widget=forms.TextInput(TEXT))
    key = forms.SlugField(label="Sleutel", max_length=60, required=False, widget=forms.TextInput(TEXT))
    # An initial kind: a browser always sends the select's first option, and without the same initial the
    # formset's empty extra question counted as changed and was refused as incomplete.
    kind = forms.ChoiceField(
        label="Soort", choices=FieldKind.choices, initial=FieldKind.SHORT_TEXT, widget=forms.Select(SELECT)
    )
    is_required = forms.BooleanField(label="Verplicht", required=False)
    why_asked = forms.CharField(label="Waarom gevraagd", max_length=500, widget=forms.TextInput(TEXT))
    help_text = forms.CharField(
        label="Hulptekst", max_length=500, required=False, widget=forms.TextInput(TEXT)
    )
    choices = forms.CharField(
        label="Keuzes (gescheiden door ;)", max_length=1000, required=False, widget=forms.TextInput(TEXT)
    )

    def to_spec(self) -> FieldSpec:
        data = self.cleaned_data
        return FieldSpec(
            key=data.get("key") or "",
            label=data["label"],
            kind=data["kind"],
            is_required=data.get("is_required", False),
            why_asked=data["why_asked"],
            help_text=data.get("help_text", ""),
            choices=tuple(c.strip() for c in (data.get("choices") or "").split(";") if c.strip()),
        )


FieldSpecFormSet = formset_factory(FieldSpecForm, extra=1, can_delete=True)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Besluit",
        choices=[("goedkeuren", "Goedkeuren en publiceren"), ("afwijzen", "Afwijzen")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Reden", widget=forms.Textarea(AREA), max_length=4000)


class SignalForm(forms.Form):
    """The agent's signal about the protocol of the question they are registering."""

    version = forms.UUIDField(widget=forms.HiddenInput)
    product = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Which question of the conversation it came from, so the confirmation lands beside that question.
    question = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    field = forms.TypedChoiceField(
        label="Over welke vraag?",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(SELECT),
    )
    kind = forms.ChoiceField(
        label="Wat is er aan de hand?",
        choices=SignalKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies wat er aan de hand is."},
    )
    reason = forms.CharField(
        label="Korte toelichting",
        help_text="Verplicht bij 'anders'. Zet hier geen gegevens van de beller in.",
        max_length=500,
        required=False,
        widget=forms.TextInput(TEXT),
    )

    def __init__(self, *args, protocol_fields=(), **kwargs):
        # Ids of their own: the dialog lives on the werkplek page beside the conversation's fields.
        kwargs.setdefault("auto_id", "vk-signal-%s")
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "Het hele protocol")] + [
            (f.pk, f"Vraag: {f.label}") for f in protocol_fields
        ]
