"""``manage.py klantinteracties_openapi [--check]``: write (or compare) the generated OpenAPI document."""

from django.core.management.base import BaseCommand, CommandError

from voorkant.klantinteracties.openapi_document import DOCUMENT, klantinteracties_openapi


class Command(BaseCommand):
    help = "Schrijft het OpenAPI-document van de Klantinteracties-API (of controleert het met --check)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Alleen vergelijken; fout bij verschil.")

    def handle(self, *args, check: bool, **options) -> None:
        text = klantinteracties_openapi()
        if check:
            if not DOCUMENT.exists() or DOCUMENT.read_text() != text:
                raise CommandError(
                    "Het OpenAPI-document wijkt af van de code: draai klantinteracties_openapi."
                )
            self.stdout.write("Het OpenAPI-document klopt met de code.")
            return
        DOCUMENT.write_text(text)
        self.stdout.write(f"Geschreven: {DOCUMENT.name}")
