"""The beheerder sets opening hours, closure days and decree days here."""

from django.contrib import admin

from voorkant.workdays.models import ClosureDay, DecreeDay, OpeningHours


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "opens", "closes"]
    list_filter = ["weekday"]


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason"]
    date_hierarchy = "date"


@admin.register(DecreeDay)
class DecreeDayAdmin(admin.ModelAdmin):
    list_display = ["date", "reason", "source"]
