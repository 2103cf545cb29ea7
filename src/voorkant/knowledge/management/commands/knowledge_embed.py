"""manage.py knowledge_embed: compute missing passage vectors (a job, never inside a request)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from voorkant.knowledge.embedding import SEED_FILE, passage_vectors_compute, seed_file_write


class Command(BaseCommand):
    help = "Bereken ontbrekende passagevectoren (gecachet op teksthash) voor de semantische zoeklaag."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=16)
        parser.add_argument("--limit", type=int, default=None, help="Hoogstens zoveel nieuwe vectoren.")
        parser.add_argument("--cold", action="store_true", help="Negeer het meegeleverde vectorbestand.")
        parser.add_argument(
            "--write-seed", action="store_true", help="Schrijf de VAC-vectoren naar het meegeleverde bestand."
        )

    def handle(self, *args, **options):
        result = passage_vectors_compute(
            batch_size=options["batch_size"], limit=options["limit"], use_seed=not options["cold"]
        )
        self.stdout.write(
            f"{result.computed} berekend, {result.seeded} uit het meegeleverde bestand, "
            f"{result.cached} al in de cache, {result.seconds:.1f} s"
        )
        if options["write_seed"]:
            self.stdout.write(f"{seed_file_write()} vectoren naar {SEED_FILE.name} geschreven")
