"""Roles are permission sets (Django groups) defined here in code; a user may hold several.

Positions, such as leading a team, are not roles: see TeamMembership.is_leader.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    AGENT = "kcc-medewerker", "KCC-medewerker"
    COORDINATOR = "kcc-coordinator", "KCC-coördinator (teamleider)"
    BACKOFFICE = "backoffice-medewerker", "Backoffice-medewerker"
    MANAGER = "manager", "Manager"
    ADMINISTRATOR = "functioneel-beheerder", "Functioneel beheerder"
    EDITOR = "redacteur", "Redacteur kennisbank"
    PRIVACY_OFFICER = "privacy-officer", "Privacy officer"


# app_label.codename of every permission each role grants.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: [
        "organisation.use_agent_workspace",
        "organisation.view_klantbeeld",
        "organisation.reveal_bsn",
    ],
    Role.COORDINATOR: [
        "organisation.use_agent_workspace",
        "organisation.view_klantbeeld",
        "organisation.reveal_bsn",
        "organisation.coordinate_kcc",
        "organisation.view_management_information",
    ],
    Role.BACKOFFICE: ["organisation.work_backoffice"],
    Role.MANAGER: ["organisation.view_management_information", "organisation.decide_protocol_proposals"],
    Role.ADMINISTRATOR: ["organisation.manage_reference_data"],
    Role.EDITOR: ["organisation.edit_knowledge"],
    Role.PRIVACY_OFFICER: ["organisation.view_processing_log"],
}


def sync_role_groups(**kwargs) -> None:
    """Create or update one group per role with exactly the permissions listed above."""
    from django.contrib.auth.models import Group, Permission

    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                permissions.append(permission)
        group.permissions.set(permissions)
