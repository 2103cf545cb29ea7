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
    from voorkant.core.reference_cache import reference_caches_clear

    reference_caches_clear()  # after a flush the cached rows are gone


def product_list_changed(**kwargs) -> None:
    """A product or synonym group was saved or deleted: every process's type-ahead copy is now stale.

    A signal rather than a call in each service, because the copy must follow every way a product changes
    (the admin, imports, tests that create rows directly); bulk operations call ``product_index_touch``
    themselves, as they send no signals.
    """
    from voorkant.catalogue.typeahead import product_index_touch

    product_index_touch()


class CatalogueConfig(AppConfig):
    name = "voorkant.catalogue"
    verbose_name = "Producten en protocollen"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(ensure_default_protocol, sender=self)
        from django.db.models.signals import post_delete, post_save

        from voorkant.catalogue.models import Product
        from voorkant.knowledge.models import SynonymGroup

        for model in (Product, SynonymGroup):
            post_save.connect(
                product_list_changed, sender=model, dispatch_uid=f"product_index_{model.__name__}"
            )
            post_delete.connect(
                product_list_changed, sender=model, dispatch_uid=f"product_index_del_{model.__name__}"
            )
        from voorkant.catalogue.models import Protocol, ProtocolField, ProtocolVersion
        from voorkant.catalogue.selectors import PROTOCOL_VERSIONS

        # A new or superseded version, or a changed field, shows at once in this process (others: the TTL).
        PROTOCOL_VERSIONS.clear_when_changed(Protocol, ProtocolVersion, ProtocolField)
        from django.apps import apps

        # The dashboard's "open protocol signals" KPI comes from here once both apps are installed.
        if apps.is_installed("voorkant.dashboard"):
            from voorkant.catalogue.kpis import register

            register()
