"""manage.py import_knowledge: load the Rijksoverheid VAC and/or a municipality's CSV/JSON export."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from voorkant.knowledge.importers import VAC_DIRECTORY, export_import, vac_import
from voorkant.organisation.models import Domain


class Command(BaseCommand):
    help = "Importeer kennisbankitems (idempotent): de Rijksoverheid-VAC en/of een eigen CSV- of JSON-export."

    def add_arguments(self, parser):
        parser.add_argument("--vac", action="store_true", help="Importeer de meegeleverde Rijksoverheid-VAC.")
        parser.add_argument("--vac-dir", default=str(VAC_DIRECTORY), help="Map met VAC-records (JSON).")
        parser.add_argument("--domain", default="", help="Code van het eigenaarsdomein voor de VAC.")
        parser.add_argument("--file", action="append", default=[], help="CSV- of JSON-export (herhaalbaar).")
        parser.add_argument("--source-name", default="", help="Naam van de bron bij een eigen export.")
        parser.add_argument("--strict", action="store_true", help="Stop met foutcode bij een foute regel.")

    def handle(self, *args, **options):
        if not options["vac"] and not options["file"]:
            raise CommandError("Geef --vac en/of --file op.")
        failed = False
        if options["vac"]:
            domain = None
            if options["domain"]:
                domain = Domain.objects.filter(code=options["domain"]).first()
                if domain is None:
                    raise CommandError(f"Onbekend domein {options['domain']!r}.")
            report = vac_import(directory=Path(options["vac_dir"]), domain=domain)
            failed |= self._print("VAC", report)
        for name in options["file"]:
            path = Path(name)
            fmt = path.suffix.lower().lstrip(".")
            if fmt not in {"csv", "json"}:
                raise CommandError(f"{name}: alleen .csv of .json.")
            if not path.exists():
                raise CommandError(f"{name}: bestand niet gevonden.")
            report = export_import(
                content=path.read_text(encoding="utf-8"), fmt=fmt, source_name=options["source_name"]
            )
            failed |= self._print(path.name, report)
        if failed and options["strict"]:
            raise CommandError("Er waren foute regels.")

    def _print(self, label: str, report) -> bool:
        self.stdout.write(f"{label}: {report.summary()}")
        for line, message in report.errors:
            self.stderr.write(f"{label} regel {line}: {message}")
        return bool(report.errors)
