from django.core.management.base import BaseCommand

from voorkant.telephony.importers.queue_log import queue_log_import


class Command(BaseCommand):
    help = "Lees een Asterisk queue_log-bestand in; gaat verder waar de vorige keer stopte."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--from-start", action="store_true", help="Begin opnieuw bij de eerste regel.")

    def handle(self, *args, path, from_start, **options):
        report = queue_log_import(path=path, from_start=from_start)
        self.stdout.write(
            f"{report.lines} regels gelezen (vanaf regel {report.resumed_at_line + 1}), "
            f"{report.created} nieuwe berichten, {report.duplicates} al bekend."
        )
        if report.ignored:
            ignored = ", ".join(f"{name}: {count}" for name, count in sorted(report.ignored.items()))
            self.stdout.write(f"Overgeslagen (niet nodig): {ignored}")
        if report.numbers_unrecognised:
            self.stdout.write(f"{report.numbers_unrecognised} bellernummers niet herkend (als afgeschermd opgeslagen).")
        for number, reason in report.malformed:
            self.stderr.write(f"Regel {number}: {reason}")
        if report.malformed:
            self.stderr.write(f"{len(report.malformed)} onleesbare regels overgeslagen.")
