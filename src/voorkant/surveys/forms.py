from __future__ import annotations

from django import forms

from voorkant.contacts.models import Channel
from voorkant.surveys.models import AnsweredChoice, SurveySettings

SATISFACTION_CHOICES = [
    (5, "Zeer tevreden"),
    (4, "Tevreden"),
    (3, "Niet tevreden, niet ontevreden"),
    (2, "Ontevreden"),
    (1, "Zeer ontevreden"),
]
EFFORT_CHOICES = [
    (1, "Zeer weinig moeite"),
    (2, "Weinig moeite"),
    (3, "Niet weinig, niet veel"),
    (4, "Veel moeite"),
    (5, "Zeer veel moeite"),
]


class ResponseForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="Hoe tevreden bent u over het contact met ons?",
        choices=SATISFACTION_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies hoe tevreden u bent."},
    )
    answered = forms.ChoiceField(
        label="Is uw vraag beantwoord?",
        choices=AnsweredChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies of uw vraag is beantwoord."},
    )
    effort = forms.TypedChoiceField(
        label="Hoeveel moeite kostte het u om uw vraag geregeld te krijgen?",
        choices=EFFORT_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Wilt u nog iets kwijt?",
        help_text="Schrijf hier geen persoonsgegevens, zoals uw burgerservicenummer of adres.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        error_messages={
            "max_length": ("Gebruik maximaal %(limit_value)d tekens (u gebruikte er %(show_value)d).")
        },
    )


class SettingsForm(forms.ModelForm):
    channels = forms.ModelMultipleChoiceField(
        label="Kanalen",
        queryset=Channel.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Contacten via deze kanalen krijgen een uitnodiging (als de klant een e-mailadres gaf).",
    )

    class Meta:
        model = SurveySettings
        fields = [
            "is_enabled",
            "sample_percentage",
            "cooldown_days",
            "response_days",
            "comment_retention_days",
        ]
        error_messages = {
            "sample_percentage": {
                "max_value": "Een percentage ligt tussen 0 en 100.",
                "min_value": "Een percentage ligt tussen 0 en 100.",
            },
        }
