import time

from django.core.management.base import BaseCommand

from voorkant.telephony.importers.bank import bank_calls_import

ATTRIBUTION = (
    'Bron: Technion SEELab, "Anonymous Bank" call-centre data (1999), documentatie I. Guedj en A. Mandelbaum (2000).'
)


class Command(BaseCommand):
    help = "Lees de Anonymous Bank-gesprekken in (map met maandbestanden, .txt of .txt.gz)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--shift-weeks", type=int, default=0, help="Schuif alle datums dit aantal weken op.")

    def handle(self, *args, path, shift_weeks, **options):
        started = time.perf_counter()
        report = bank_calls_import(path=path, shift_weeks=shift_weeks)
        seconds = time.perf_counter() - started
        self.stdout.write(ATTRIBUTION)
        self.stdout.write(f"Bestanden: {', '.join(report.files)}")
        if report.months_missing:
            self.stdout.write(f"Ontbrekende maanden: {', '.join(report.months_missing)}")
        self.stdout.write(
            f"{report.rows} rijen, {report.imported} gesprekken ingelezen, {report.already_present} al aanwezig "
            f"({seconds:.1f} s)."
        )
        for reason, count in sorted(report.skipped.items()):
            self.stdout.write(f"Overgeslagen, {reason}: {count}")
        for name, number, reason in report.malformed:
            self.stderr.write(f"{name} regel {number}: {reason}")
        if report.malformed:
            self.stderr.write(f"{len(report.malformed)} onleesbare rijen overgeslagen.")
