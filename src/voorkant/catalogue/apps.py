from django.apps import AppConfig


def ensure_default_protocol(**kwargs) -> None:
    """The "standaard" protocol must always exist: questions without a product's own protocol use it."""
    from django.utils import timezone

    from voorkant.catalogue.models import Protocol, ProtocolLevel, ProtocolVersion, VersionStatus
    from voorkant.catalogue.selectors import DEFAULT_PROTOCOL_CODE

    protocol, _ = Protocol.objects.get_or_create(code=DEFAULT_PROTOCOL_CODE, defaults={"name": "Standaard"})
    if not protocol.versions.exists():
        ProtocolVersion.objects.create(
            protocol=protocol,
            number=1,
            level=ProtocolLevel.STANDARD,
            status=VersionStatus.PUBLISHED,
            published_at=timezone.now(),
        )


class CatalogueConfig(AppConfig):
    name = "voorkant.catalogue"
    verbose_name = "Producten en protocollen"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(ensure_default_protocol, sender=self)
        from django.apps import apps

        # The dashboard's "open protocol signals" KPI comes from here once both apps are installed.
        if apps.is_installed("voorkant.dashboard"):
            from voorkant.catalogue.kpis import register

            register()
