"""Reads about the organisation."""

from __future__ import annotations

from voorkant.organisation.models import Employee, Team, User


def employee_for_user(*, user: User) -> Employee | None:
    """The employee behind a log-in, or None for technical accounts."""
    return Employee.objects.filter(user=user).select_related("actor").first()


def teams_led_by(*, employee: Employee) -> list[Team]:
    return list(Team.objects.filter(memberships__employee=employee, memberships__is_leader=True))


def user_roles(*, user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))
