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
    Role.ADMINISTRATOR: [
        "organisation.manage_reference_data",
        # The platform settings the beheerder keeps in the admin (linked from /beheer/).
        *(
            f"workdays.{action}_{model}"
            for model in ("openinghours", "closureday", "decreeday")
            for action in ("view", "add", "change", "delete")
        ),
        "outbox.view_emailtemplate",
        "outbox.change_emailtemplate",
        "apitokens.view_apitoken",
        "apitokens.add_apitoken",
        "apitokens.change_apitoken",
        "jobs.view_schedule",
        "jobs.change_schedule",
    ],
    Role.EDITOR: ["organisation.edit_knowledge"],
    Role.PRIVACY_OFFICER: ["organisation.view_processing_log"],
}


def sync_role_groups(**kwargs) -> None:
    """Create or update one group per role with exactly the permissions listed above."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Roles name permissions of apps that migrate after this one; make sure they exist already.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
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
