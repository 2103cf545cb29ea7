"""Forms for the telephony pages. All read-only (GET): they choose what to compute, they change nothing."""

from __future__ import annotations

from django import forms
from django.conf import settings

PERCENT_FIELD = {"min_value": 0, "max_value": 100}


class StyledForm(forms.Form):
    """Gives every widget its NL Design System class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "utrecht-checkbox utrecht-checkbox--html-input"
            elif isinstance(widget, forms.Select):
                css = "utrecht-select utrecht-select--html-select"
            else:
                css = "utrecht-textbox utrecht-textbox--html-input"
            widget.attrs["class"] = css


class PeriodForm(StyledForm):
    start = forms.DateField(label="Van", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="Tot en met", widget=forms.DateInput(attrs={"type": "date"}))
    queue = forms.ChoiceField(label="Wachtrij", required=False)
    service_level_seconds = forms.IntegerField(
        label="Servicenorm: opgenomen binnen (seconden)", min_value=1, max_value=600
    )
    short_abandon_seconds = forms.IntegerField(
        label="Korte ophanger: binnen (seconden)", min_value=0, max_value=120
    )
    count_short_abandons = forms.BooleanField(label="Korte ophangers tellen mee in het serviceniveau", required=False)

    def __init__(self, *args, queues: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].choices = [("", "Alle wachtrijen")] + [(q, q) for q in queues if q]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "De einddatum ligt voor de begindatum.")
            elif (end - start).days > 92:
                self.add_error("end", "Kies een periode van hoogstens drie maanden.")
        return data


class NormsForm(StyledForm):
    service_level_target = forms.IntegerField(
        label="Serviceniveau: doel (%)", **PERCENT_FIELD, initial=settings.TELEPHONY_SERVICE_LEVEL_TARGET
    )
    service_level_seconds = forms.IntegerField(
        label="Opgenomen binnen (seconden)", min_value=1, max_value=600,
        initial=settings.TELEPHONY_SERVICE_LEVEL_SECONDS,
    )
    abandon_target = forms.IntegerField(
        label="Hoogstens opgehangen (%)", **PERCENT_FIELD, initial=settings.TELEPHONY_ABANDON_TARGET
    )
    shrinkage = forms.IntegerField(
        label="Shrinkage: niet beschikbare tijd (%)", min_value=0, max_value=90, initial=30,
        help_text="Pauzes, overleg, scholing en verzuim, als deel van de ingeroosterde tijd.",
    )


class PlanningForm(NormsForm):
    day = forms.DateField(label="Dag", widget=forms.DateInput(attrs={"type": "date"}))
    queue = forms.ChoiceField(label="Wachtrij", required=False)

    def __init__(self, *args, queues: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].choices = [("", "Alle wachtrijen")] + [(q, q) for q in queues if q]


class WhatIfForm(NormsForm):
    calls = forms.IntegerField(label="Oproepen per kwartier", min_value=0, max_value=5000, initial=40)
    aht = forms.IntegerField(label="Gemiddelde afhandeltijd (seconden)", min_value=1, max_value=7200, initial=300)
    patience = forms.IntegerField(
        label="Geduld van bellers (seconden)", min_value=1, max_value=36000, required=False,
        help_text="Leeg laten: geschat uit de gegevens (totale wachttijd gedeeld door het aantal ophangers).",
    )
