"""The beheerder edits e-mail texts here; a mistake in a placeholder is shown at the field."""

from django import forms
from django.contrib import admin
from django.template import TemplateSyntaxError

from voorkant.outbox.models import EmailTemplate
from voorkant.outbox.services import template_compile


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["name", "code", "subject", "body", "available_fields"]

    def _check(self, field: str) -> str:
        value = self.cleaned_data[field]
        try:
            template_compile(value)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(
                f"Er zit een fout in een veld tussen {{{{ }}}} of {{% %}}: {exc}. Controleer de schrijfwijze."
            ) from exc
        return value

    def clean_subject(self):
        return self._check("subject")

    def clean_body(self):
        return self._check("body")


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    form = EmailTemplateForm
    list_display = ["name", "code", "updated_at"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # The code is how the software finds the template; changing it would break sending.
        return ["code"] if obj else []
