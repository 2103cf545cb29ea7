"""Reading the workspace form into a draft, and the reference-data forms for the administrator."""

from __future__ import annotations

import re

from django import forms
from django.http import QueryDict

from voorkant.contacts.models import Channel, Outcome

QUESTION_FIELDS = ["subject", "product", "note", "outcome", "phone", "email"]
TRANSFER_FIELDS = ["target_label", "connected", "reached_right_person", "wait_seconds"]
# Far above every real limit, so over-long text still reaches validation (and its message) intact, while a
# runaway client cannot grow a draft without bound.
RAW_CAP = 5000
_QUESTION_KEY = re.compile(r"^q-(\d+)-")


def _text(post: QueryDict, key: str) -> str:
    return (post.get(key) or "")[:RAW_CAP]


def draft_data_from_post(post: QueryDict) -> dict:
    """The workspace form as typed: ``channel`` and ``q-<i>-<field>`` names, one block per question."""
    indices = sorted({int(m.group(1)) for key in post for m in [_QUESTION_KEY.match(key)] if m})
    questions = []
    for index in indices[:20]:
        prefix = f"q-{index}-"
        question = {name: _text(post, prefix + name) for name in QUESTION_FIELDS}
        question["answer_found"] = post.get(prefix + "answer_found") in ("on", "1", "true")
        question["transfer"] = {name: _text(post, prefix + name) for name in TRANSFER_FIELDS}
        # Protocol answers as typed (q-<i>-answer-<key>); the service keeps only the protocol's own fields.
        answer_prefix = prefix + "answer-"
        question["answers"] = {
            key[len(answer_prefix) :][:60]: (
                post.getlist(key) if len(post.getlist(key)) > 1 else _text(post, key)
            )
            for key in post
            if key.startswith(answer_prefix)
        }
        questions.append(question)
    return {"channel": _text(post, "channel"), "questions": questions}


class UtrechtWidgets:
    """Gives the widgets the NL Design System classes and links errors to their fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "utrecht-checkbox utrecht-checkbox--html-input"
            elif isinstance(widget, forms.Select):
                css = "utrecht-select utrecht-select--html-select"
            else:
                css = "utrecht-textbox utrecht-textbox--html-input"
            widget.attrs["class"] = css
            field.error_messages["required"] = f"Vul het veld '{field.label}' in."
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{name}_error"


class ChannelForm(UtrechtWidgets, forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["name", "code", "order", "is_active"]
        labels = {"name": "Naam", "code": "Code", "order": "Volgorde", "is_active": "In gebruik"}
        help_texts = {
            "code": "Korte vaste code (kleine letters en streepjes), bijvoorbeeld 'telefoon'.",
            "order": "Lagere nummers staan eerder in de keuzelijst.",
            "is_active": "Zet uit om het kanaal niet meer aan te bieden; eerdere gesprekken houden het.",
        }


class OutcomeForm(UtrechtWidgets, forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["name", "code", "category", "order", "is_active"]
        labels = {
            "name": "Naam",
            "code": "Code",
            "category": "Categorie",
            "order": "Volgorde",
            "is_active": "In gebruik",
        }
        help_texts = {
            "code": "Korte vaste code (kleine letters en streepjes).",
            "category": "De vaste categorie waarin de managementinformatie deze uitkomst telt.",
            "order": "Lagere nummers staan eerder in de keuzelijst.",
            "is_active": "Zet uit om de uitkomst niet meer aan te bieden; eerdere vragen houden haar.",
        }
