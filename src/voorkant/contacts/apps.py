from django.apps import AppConfig


def ensure_reference_data(**kwargs) -> None:
    """Seed the default channels and outcomes into empty tables.

    Only when a table is empty, so the beheerder's own changes are never undone; this also restores them after
    a database flush (as test servers do), which a data migration alone would not.
    """
    from voorkant.contacts.models import Channel, Outcome
    from voorkant.contacts.reference_data import DEFAULT_CHANNELS, DEFAULT_OUTCOMES

    if not Channel.objects.exists():
        Channel.objects.bulk_create(
            [Channel(code=c, name=name, order=order) for order, (c, name) in enumerate(DEFAULT_CHANNELS)]
        )
    if not Outcome.objects.exists():
        Outcome.objects.bulk_create(
            [
                Outcome(code=code, name=name, category=category, order=order)
                for order, (code, name, category) in enumerate(DEFAULT_OUTCOMES)
            ]
        )
    from voorkant.core.reference_cache import reference_caches_clear

    reference_caches_clear()  # bulk_create sends no signals; after a flush the cached rows are gone


class ContactsConfig(AppConfig):
    name = "voorkant.contacts"
    verbose_name = "Klantcontacten"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(ensure_reference_data, sender=self)
        from voorkant.contacts.models import Channel, Outcome
        from voorkant.contacts.selectors import REFERENCE_ROWS

        REFERENCE_ROWS.clear_when_changed(Channel, Outcome)
        from voorkant.contacts.services.registration import AGENT_ACTORS
        from voorkant.organisation.models import Actor, Employee

        AGENT_ACTORS.clear_when_changed(Actor, Employee)
