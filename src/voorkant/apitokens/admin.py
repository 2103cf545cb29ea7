"""The beheerder manages API tokens here: make (key shown once), rotate, revoke."""

from django import forms
from django.contrib import admin, messages

from voorkant.apitokens.models import ApiToken
from voorkant.apitokens.scopes import SCOPE_CHOICES
from voorkant.apitokens.services import api_token_create, api_token_revoke, api_token_rotate


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        label="Rechten",
        help_text="'Alles' geeft elk recht. Schrijven omvat lezen.",
    )

    class Meta:
        model = ApiToken
        fields = ["name", "scopes", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "prefix", "scope_list", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "replaced_by", "revoked_at"]
    actions = ["rotate", "revoke"]

    @admin.display(description="Rechten")
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    def get_fields(self, request, obj=None):
        return ["name", "scopes", "expires_at"] if obj is None else super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        issued = api_token_create(
            name=obj.name,
            scopes=form.cleaned_data["scopes"],
            expires_at=obj.expires_at,
            created_by=request.user,
        )
        obj.pk = issued.token.pk
        obj.prefix = issued.token.prefix
        messages.warning(
            request, f"Nieuwe API-sleutel (alleen nu zichtbaar, bewaar hem veilig): {issued.key}"
        )

    @admin.action(description="Vervangen door een nieuwe sleutel (oude werkt nog even)")
    def rotate(self, request, queryset):
        for token in queryset:
            issued = api_token_rotate(token=token, created_by=request.user)
            messages.warning(request, f"Nieuwe sleutel voor {token.name} (alleen nu zichtbaar): {issued.key}")

    @admin.action(description="Intrekken")
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        messages.success(request, "De gekozen sleutels zijn ingetrokken.")
