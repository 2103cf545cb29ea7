"""Technical configuration only: the organisation structure and log-ins. Citizen data is never listed here."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction

from voorkant.organisation.models import Actor, Domain, Employee, Team, TeamMembership, User
from voorkant.organisation.services import actor_sync

admin.site.register(User, UserAdmin)


class ActorSyncMixin:
    """Saving through the admin keeps the one actor row per domain, team and employee."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            actor_sync(subject=obj)


@admin.register(Domain)
class DomainAdmin(ActorSyncMixin, admin.ModelAdmin):
    list_display = ["name", "code", "is_active"]


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0


@admin.register(Team)
class TeamAdmin(ActorSyncMixin, admin.ModelAdmin):
    list_display = ["name", "domain", "is_front_office", "is_active"]
    list_filter = ["domain"]


@admin.register(Employee)
class EmployeeAdmin(ActorSyncMixin, admin.ModelAdmin):
    list_display = ["name", "job_title", "user", "is_active"]
    inlines = [MembershipInline]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    readonly_fields = ["uuid", "domain", "team", "employee", "system_code"]

    def has_add_permission(self, request):
        # Actors come into being with their domain, team or employee (services.py), never on their own.
        return False
