"""Technical configuration only. Conversations, questions and drafts hold citizen data: never listed here."""

from django.contrib import admin

from voorkant.contacts.models import Channel, Outcome


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]

    def has_delete_permission(self, request, obj=None):
        return False  # questions point at channels; deactivate instead


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "category", "order", "is_active"]
    list_filter = ["category"]

    def has_delete_permission(self, request, obj=None):
        return False  # questions point at outcomes; deactivate instead
