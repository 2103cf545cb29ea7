from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from voorkant.catalogue.services import upl_import


class Command(BaseCommand):
    help = "Laadt de Uniforme Productnamenlijst (standaard de meegeleverde momentopname). Herhaalbaar."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="Een ander UPL-actueel.csv-bestand.")

    def handle(self, *args, **options):
        path = options.get("file")
        if path is not None and not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        report = upl_import(text=path.read_text(encoding="utf-8") if path else None)
        for error in report.errors:
            self.stderr.write(error)
        self.stdout.write(
            f"UPL: {report.created} nieuw, {report.updated} bijgewerkt, {report.unchanged} ongewijzigd, "
            f"{len(report.errors)} fouten."
        )
