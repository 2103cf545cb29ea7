from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from voorkant.privacy.supervision import subject_from_input


class ProcessingLogSearchForm(forms.Form):
    zoekterm = forms.CharField(
        label="BSN of klantnummer",
        max_length=40,
        help_text=(
            "Het BSN wordt omgezet in een sleutelcode (hash) voordat er gezocht wordt; "
            "het wordt niet bewaard."
        ),
        widget=forms.TextInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off"}
        ),
    )
    pagina = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_zoekterm(self):
        try:
            self.subject = subject_from_input(self.cleaned_data["zoekterm"])
        except ValidationError as exc:
            raise ValidationError(exc.messages[0]) from exc
        return self.cleaned_data["zoekterm"]
