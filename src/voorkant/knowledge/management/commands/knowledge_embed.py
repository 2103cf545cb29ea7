"""manage.py knowledge_embed: compute missing passage vectors (a job, never inside a request)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from voorkant.knowledge.embedding import passage_vectors_compute


class Command(BaseCommand):
    help = "Bereken ontbrekende passagevectoren (gecachet op teksthash) voor de semantische zoeklaag."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=16)
        parser.add_argument("--limit", type=int, default=None, help="Hoogstens zoveel nieuwe vectoren.")

    def handle(self, *args, **options):
        result = passage_vectors_compute(batch_size=options["batch_size"], limit=options["limit"])
        self.stdout.write(f"{result.computed} berekend, {result.cached} uit cache, {result.seconds:.1f} s")
