"""Schedules can be switched off here; jobs are shown on the Voorkant screen /beheer/taken/."""

from django.contrib import admin

from voorkant.jobs.models import Schedule


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["task_name", "interval_seconds", "next_run_at", "last_enqueued_at", "is_enabled"]
    readonly_fields = ["task_name", "interval_seconds", "next_run_at", "last_enqueued_at"]

    def has_add_permission(self, request):
        # Schedules come from code (tasks declared with every=...); the worker creates their rows.
        return False
