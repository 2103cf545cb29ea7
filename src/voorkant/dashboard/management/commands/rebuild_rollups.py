"""Recompute the dashboard's facts and rollups from the registered questions and follow-ups."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from voorkant.dashboard.services import rollups_rebuild


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Geen geldige datum (JJJJ-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Herbereken de managementinformatie (feiten en totalen), voor alles of voor een periode."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=_date, help="Eerste dag (JJJJ-MM-DD).")
        parser.add_argument("--to", dest="end", type=_date, help="Laatste dag (JJJJ-MM-DD).")

    def handle(self, *args, start=None, end=None, **options):
        if start and end and start > end:
            raise CommandError("--to ligt vóór --from.")
        result = rollups_rebuild(start=start, end=end)
        rows = ", ".join(f"{name}: {count}" for name, count in result.rows.items())
        self.stdout.write(
            f"{result.facts} vragen en {result.followups} vervolgacties verwerkt, "
            f"{result.repeats} herhaalcontact-markeringen gewijzigd; "
            f"{rows}; {result.seconds:.1f} s."
        )
