from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "voorkant.organisation"
    verbose_name = "Organisatie"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from voorkant.organisation.roles import sync_role_groups

        # Roles are permission sets owned by code; keep the groups in step after every migrate.
        post_migrate.connect(sync_role_groups, sender=self)
