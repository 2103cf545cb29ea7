"""Forms of the follow-up screens. Labels and messages are Dutch; services do the checking that matters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

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


# --- creating a follow-up in the werkplek -----------------------------------------------------------------

CALLBACK_WINDOWS = [
    ("", "Geen voorkeur"),
    ("ochtend (9–12 uur)", "Ochtend (9–12 uur)"),
    ("middag (12–17 uur)", "Middag (12–17 uur)"),
    ("zo snel mogelijk", "Zo snel mogelijk"),
]


def extra_question_field(question) -> forms.Field:
    """A form field for one of a domain's extra questions, by the catalogue's field kinds."""
    from voorkant.catalogue.models import FieldKind

    common = {"label": question.label, "required": question.is_required, "help_text": question.help_text}
    options = [(c, c) for c in question.choices or []]
    if question.kind == FieldKind.LONG_TEXT:
        return forms.CharField(max_length=1000, widget=forms.Textarea(AREA), **common)
    if question.kind == FieldKind.CHOICE:
        return forms.ChoiceField(choices=[("", "— kies —"), *options], widget=forms.Select(SELECT), **common)
    if question.kind == FieldKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
    if question.kind == FieldKind.YES_NO:
        return forms.TypedChoiceField(
            choices=[("ja", "Ja"), ("nee", "Nee")],
            coerce=lambda v: v == "ja",
            widget=forms.RadioSelect,
            **common,
        )
    if question.kind == FieldKind.DATE:
        return forms.DateField(widget=forms.DateInput({**TEXT, "type": "date"}), **common)
    if question.kind == FieldKind.NUMBER:
        return forms.DecimalField(widget=forms.NumberInput(TEXT), **common)
    return forms.CharField(max_length=200, widget=forms.TextInput(TEXT), **common)


class FollowupCreateForm(forms.Form):
    """Everything the agent sets for one follow-up. The route and deadline shown come from the services."""

    kind = forms.ChoiceField(label="Soort vervolgactie", widget=forms.RadioSelect)
    requested_action = forms.CharField(
        label="Gevraagde handeling",
        max_length=200,
        widget=forms.TextInput(TEXT),
        help_text="Wat moet de backoffice doen?",
    )
    customer_told = forms.CharField(
        label="Wat is de klant verteld",
        max_length=1000,
        widget=forms.Textarea(AREA),
        help_text="Wat er gebeurt en wanneer; komt ook in de bevestiging aan de klant.",
    )
    explanation = forms.CharField(
        label="Interne notitie",
        max_length=1000,
        required=False,
        widget=forms.Textarea(AREA),
        help_text="Alleen voor de backoffice, nooit voor de klant.",
    )
    contact_name = forms.CharField(
        label="Naam contactpersoon", max_length=200, required=False, widget=forms.TextInput(TEXT)
    )
    contact_phone = forms.CharField(
        label="Terugbelnummer", max_length=30, required=False, widget=forms.TextInput({**TEXT, "type": "tel"})
    )
    contact_email = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        required=False,
        widget=forms.EmailInput(TEXT),
        help_text="Voor de bevestiging en het antwoord per e-mail.",
    )
    callback_window = forms.ChoiceField(
        label="Voorkeur terugbellen", choices=CALLBACK_WINDOWS, required=False, widget=forms.Select(SELECT)
    )
    priority = forms.TypedChoiceField(label="Prioriteit", coerce=int, widget=forms.Select(SELECT))
    domain = forms.ModelChoiceField(
        queryset=Domain.objects.filter(is_active=True), label="Domein", widget=forms.Select(SELECT)
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.filter(is_active=True, is_front_office=False).select_related("domain"),
        required=False,
        label="Team",
        empty_label="Het hele domein",
        widget=forms.Select(SELECT),
    )
    assignee = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Medewerker",
        empty_label="Het team pakt het op",
        widget=forms.Select(SELECT),
    )

    def __init__(self, *args, extra_questions=(), **kwargs):
        from voorkant.followups.models import FollowupKind, Priority
        from voorkant.organisation.models import Employee

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = FollowupKind.choices
        self.fields["priority"].choices = Priority.choices
        self.fields["assignee"].queryset = Employee.objects.filter(
            is_active=True, memberships__isnull=False
        ).distinct()
        self.fields["team"].label_from_instance = lambda team: f"{team.domain.name} — {team.name}"
        self.extra_questions = list(extra_questions)
        for question in self.extra_questions:
            self.fields[f"vraag_{question.key}"] = extra_question_field(question)

    def extra_fields(self):
        return [self[f"vraag_{q.key}"] for q in self.extra_questions]

    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith("vraag_")]

    def clean_contact_phone(self):
        from voorkant.parties.identifiers import phone_normalize

        value = self.cleaned_data["contact_phone"].strip()
        if value:
            try:
                phone_normalize(value)
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return value

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if (
            kind == "terugbelverzoek"
            and not cleaned.get("contact_phone")
            and not self.has_error("contact_phone")
        ):
            self.add_error("contact_phone", "Vul het nummer in waarop de klant wil worden teruggebeld.")
        if kind == "email_terug" and not cleaned.get("contact_email") and not self.has_error("contact_email"):
            self.add_error("contact_email", "Vul het e-mailadres in waarop de klant antwoord wil.")
        team, domain, assignee = cleaned.get("team"), cleaned.get("domain"), cleaned.get("assignee")
        if team is not None and domain is not None and team.domain_id != domain.pk:
            self.add_error("team", "Dit team hoort niet bij het gekozen domein.")
        if assignee is not None and team is not None and not assignee.memberships.filter(team=team).exists():
            self.add_error("assignee", "Deze medewerker zit niet in het gekozen team.")
        return cleaned

    def answers(self) -> dict:
        values = {}
        for question in self.extra_questions:
            value = self.cleaned_data.get(f"vraag_{question.key}")
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif value is not None and not isinstance(value, (str, bool, list)):
                value = str(value)
            values[question.key] = value
        return values
