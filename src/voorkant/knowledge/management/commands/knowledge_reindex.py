"""manage.py knowledge_reindex: rewrite every item's search row, after a change to the text analysis."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from voorkant.knowledge.services import index_rebuild


class Command(BaseCommand):
    help = "Herbouw de zoekregels van alle kennisitems (na een wijziging in de tekstanalyse)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = index_rebuild()
        self.stdout.write(f"{count} items opnieuw geïndexeerd in {time.perf_counter() - started:.1f} s")
