"""The beheerder keeps each domain's extra follow-up questions here (like protocol fields: typed, ordered)."""

from django.contrib import admin

from voorkant.followups.models import DomainQuestion


@admin.register(DomainQuestion)
class DomainQuestionAdmin(admin.ModelAdmin):
    list_display = ["label", "domain", "kind", "is_required", "order", "is_active"]
    list_filter = ["domain", "is_active"]
    ordering = ["domain__name", "order"]
