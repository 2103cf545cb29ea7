"""``manage.py klantinteracties_seed``: a few rows so a conformance or bench run has something to read."""

from django.core.management.base import BaseCommand

from voorkant.contacts.services.klantcontacts import channel_by_name, involvement_create, klantcontact_create
from voorkant.organisation.services import system_actor
from voorkant.parties.party_changes import party_save


class Command(BaseCommand):
    help = "Maakt een actor, een partij en een klantcontact met betrokkene voor tests tegen de API."

    def handle(self, *args, **options) -> None:
        from django.utils import timezone

        system_actor(code="koppeling", name="Koppeling")
        party = party_save(actor_label="seed", changes={"kind": "persoon", "surname": "Voorbeeld"})
        question = klantcontact_create(
            actor_label="seed",
            channel=channel_by_name("telefoon"),
            occurred_at=timezone.now(),
            fields={"subject": "Voorbeeldvraag"},
        )
        involvement_create(
            actor_label="seed", question=question, fields={"party": party, "is_initiator": True}
        )
        self.stdout.write("Voorbeeldgegevens voor de Klantinteracties-API aangemaakt.")
