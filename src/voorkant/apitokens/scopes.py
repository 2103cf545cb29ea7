"""Scopes: read and write per resource family; ``all`` grants every scope. Write includes read."""

from __future__ import annotations

from django.db import models


class Family(models.TextChoices):
    KLANTINTERACTIES = "klantinteracties", "Klantinteracties"
    KNOWLEDGE = "knowledge", "Kennisbank"
    MANAGEMENT_INFORMATION = "management_information", "Managementinformatie"
    TELEPHONY = "telephony", "Telefonie"


class Access(models.TextChoices):
    READ = "read", "lezen"
    WRITE = "write", "schrijven"


ALL = "all"

SCOPES: list[str] = [ALL] + [f"{family}:{access}" for family in Family.values for access in Access.values]

SCOPE_CHOICES = [(ALL, "Alles")] + [
    (f"{family.value}:{access.value}", f"{family.label} {access.label}")
    for family in Family
    for access in Access
]

# A logged-in employee may read a family's API with this permission (GET only); None: any employee.
SESSION_READ_PERMISSION: dict[str, str | None] = {
    Family.KLANTINTERACTIES: "organisation.view_klantbeeld",
    Family.KNOWLEDGE: None,
    Family.MANAGEMENT_INFORMATION: "organisation.view_management_information",
    Family.TELEPHONY: "organisation.coordinate_kcc",
}


def scope_allows(granted: list[str], *, family: str, access: str) -> bool:
    if ALL in granted:
        return True
    if f"{family}:{access}" in granted:
        return True
    return access == Access.READ and f"{family}:{Access.WRITE}" in granted


def invalid_scopes(scopes: list[str]) -> list[str]:
    return [s for s in scopes if s not in SCOPES]
