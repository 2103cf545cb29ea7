from django.core.management.base import BaseCommand

from voorkant.telephony.services import telephony_retention_apply


class Command(BaseCommand):
    help = "Verwijder telefoonnummers en ruwe telefonieberichten ouder dan de bewaartermijn."

    def handle(self, *args, **options):
        result = telephony_retention_apply()
        self.stdout.write(
            f"{result['events_deleted']} berichten verwijderd, "
            f"{result['calls_anonymised']} gesprekken zonder nummer."
        )
