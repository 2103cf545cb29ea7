from django.core.management.base import BaseCommand

from voorkant.contacts.services import drafts_purge_expired


class Command(BaseCommand):
    help = "Verwijder concept-gesprekken waarvan de bewaartijd (DRAFT_TTL_HOURS) voorbij is."

    def handle(self, *args, **options):
        removed = drafts_purge_expired()
        self.stdout.write(f"{removed} verlopen concept-gesprekken verwijderd.")
