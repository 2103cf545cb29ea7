"""Editor forms. HTML fields are sanitised by the services, not here, so every path cleans the same way."""

from __future__ import annotations

from django import forms

from voorkant.knowledge.models import ArticleSection, FeedbackStatus, ItemKind, KnowledgeItem
from voorkant.organisation.models import Domain, Team


class ItemForm(forms.ModelForm):
    link_url = forms.URLField(
        label="Adres van de link", max_length=500, required=False, assume_scheme="https"
    )
    change_note = forms.CharField(
        label="Wat is er gewijzigd?",
        max_length=300,
        required=False,
        help_text="Komt in de versiegeschiedenis.",
    )

    class Meta:
        model = KnowledgeItem
        fields = [
            "kind",
            "title",
            "question",
            "body",
            "kcc_note",
            "link_url",
            "owner_domain",
            "review_date",
            "is_published",
            "importance",
            "publish_at",
            "expires_at",
            "target_teams",
        ]
        labels = {
            "kind": "Soort",
            "title": "Titel",
            "question": "Vraag (zoals een inwoner die stelt)",
            "body": "Tekst",
            "kcc_note": "KCC-notitie (intern)",
            "link_url": "Adres van de link",
            "owner_domain": "Eigenaarsdomein",
            "review_date": "Herzien vóór",
            "is_published": "Gepubliceerd",
            "importance": "Belang (nieuws)",
            "publish_at": "Zichtbaar vanaf (nieuws)",
            "expires_at": "Zichtbaar tot (nieuws)",
            "target_teams": "Teams (nieuws; leeg is iedereen)",
        }
        widgets = {
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "publish_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "expires_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "body": forms.Textarea(attrs={"rows": 8}),
            "kcc_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_domain"].queryset = Domain.objects.filter(is_active=True)
        self.fields["target_teams"].queryset = Team.objects.filter(is_active=True)
        self.fields["kind"].choices = ItemKind.choices
        sections = self.instance.sections if self.instance and self.instance.pk else {}
        for code, label in ArticleSection.choices:
            self.fields[f"section_{code}"] = forms.CharField(
                label=f"Sectie {label}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=sections.get(code, ""),
            )

    def clean(self):
        data = super().clean()
        if data.get("kind") == ItemKind.LINK and not data.get("link_url"):
            self.add_error("link_url", "Vul het adres van de link in.")
        start, end = data.get("publish_at"), data.get("expires_at")
        if start and end and end <= start:
            self.add_error("expires_at", "Kies een moment na 'zichtbaar vanaf'.")
        return data

    def section_values(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"section_{code}", "") for code in ArticleSection.values}

    def section_fields(self):
        return [self[f"section_{code}"] for code in ArticleSection.values]


class FeedbackForm(forms.Form):
    quote = forms.CharField(
        label="Om welke passage gaat het?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        label="Wat klopt er niet of wat ontbreekt?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Zet hier geen gegevens van inwoners in.",
        error_messages={"required": "Beschrijf wat er niet klopt."},
    )


class FeedbackResolveForm(forms.Form):
    status = forms.ChoiceField(choices=[c for c in FeedbackStatus.choices if c[0] != FeedbackStatus.OPEN])


class SynonymForm(forms.Form):
    terms = forms.CharField(
        label="Woorden die hetzelfde betekenen",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Eén per regel of gescheiden door komma's, bijvoorbeeld: id-kaart, identiteitskaart.",
    )
    note = forms.CharField(label="Toelichting", max_length=200, required=False)

    def clean_terms(self):
        terms = [t.strip() for t in self.cleaned_data["terms"].replace("\n", ",").split(",") if t.strip()]
        if len(terms) < 2:
            raise forms.ValidationError("Geef minstens twee woorden.")
        return "\n".join(terms)
