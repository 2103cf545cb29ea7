"""Parsing the dashboard's period and filters (UI query string and the JSON API alike)."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms

from voorkant.dashboard.periods import Filters, Period, period_for
from voorkant.dashboard.selectors import Choices

MAX_PERIOD_DAYS = 3 * 366
PERIOD_CHOICES = [
    ("vandaag", "Vandaag"),
    ("week", "Deze week"),
    ("maand", "Deze maand"),
    ("aangepast", "Zelf kiezen"),
]


def _options(pairs: list[tuple[int, str]], everything: str) -> list[tuple[str, str]]:
    return [("", everything)] + [(str(pk), name) for pk, name in pairs]


class PeriodForm(forms.Form):
    """Today, this week, this month or a custom range: the period every dashboard page asks for."""

    periode = forms.ChoiceField(label="Periode", choices=PERIOD_CHOICES, required=False)
    van = forms.DateField(label="Van", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["periode"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        for name in ("van", "tot"):
            self.fields[name].widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"

    def clean(self):
        data = super().clean()
        if data.get("periode") == "aangepast":
            start, end = data.get("van"), data.get("tot")
            if not start:
                self.add_error("van", "Vul de eerste dag van de periode in.")
            if not end:
                self.add_error("tot", "Vul de laatste dag van de periode in.")
            if start and end and start > end:
                self.add_error("tot", "De laatste dag ligt vóór de eerste dag.")
            if start and end and (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error("tot", "Kies een periode van hoogstens drie jaar.")
        return data

    def period(self) -> Period:
        """The period to show; today when the input is not valid."""
        if not self.is_bound or not self.is_valid():
            return period_for("vandaag", today=self.today)
        data = self.cleaned_data
        return period_for(
            data.get("periode") or "vandaag", today=self.today, start=data.get("van"), end=data.get("tot")
        )


class DashboardFilterForm(PeriodForm):
    kanaal = forms.TypedChoiceField(label="Kanaal", required=False, coerce=int, empty_value=None)
    domein = forms.TypedChoiceField(label="Domein", required=False, coerce=int, empty_value=None)
    product = forms.TypedChoiceField(label="Product", required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, choices: Choices, today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["kanaal"].choices = _options(choices.channels, "Alle kanalen")
        self.fields["domein"].choices = _options(choices.domains, "Alle domeinen")
        self.fields["product"].choices = _options(choices.products, "Alle producten")
        self.fields["team"].choices = _options(choices.teams, "Alle teams")
        for name in ("kanaal", "domein", "product", "team"):
            self.fields[name].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def resolve(self) -> tuple[Period, Filters]:
        """The period and filters to show; today without filters when the input is not valid."""
        if not self.is_bound or not self.is_valid():
            return period_for("vandaag", today=self.today), Filters()
        data = self.cleaned_data
        filters = Filters(
            channel_id=data.get("kanaal"),
            domain_id=data.get("domein"),
            product_id=data.get("product"),
            team_id=data.get("team"),
        )
        return self.period(), filters


def api_period(params) -> tuple[Period | None, dict[str, str]]:
    """from/to for the JSON API, with a reason per invalid parameter."""
    errors: dict[str, str] = {}
    parsed: dict[str, date] = {}
    for name in ("from", "to"):
        raw = params.get(name)
        if not raw:
            errors[name] = "Verplicht, in de vorm JJJJ-MM-DD."
            continue
        try:
            parsed[name] = date.fromisoformat(raw)
        except ValueError:
            errors[name] = "Geen geldige datum; gebruik JJJJ-MM-DD."
    if not errors:
        if parsed["from"] > parsed["to"]:
            errors["to"] = "Ligt vóór 'from'."
        elif parsed["to"] - parsed["from"] >= timedelta(days=MAX_PERIOD_DAYS):
            errors["to"] = "Hoogstens drie jaar na 'from'."
    if errors:
        return None, errors
    return Period("aangepast", parsed["from"], parsed["to"]), errors
