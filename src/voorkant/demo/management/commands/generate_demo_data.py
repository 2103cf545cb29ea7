"""generate_demo_data: a demo organisation, demo log-ins and a year of fictitious conversations."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from voorkant.contacts.services.counts import question_counts_rebuild
from voorkant.demo.generator import generate
from voorkant.demo.organisation import demo_exists
from voorkant.demo.timeline import DEFAULT_UNTIL


class Command(BaseCommand):
    help = "Maakt demogegevens aan: organisatie, demo-accounts, producten en een jaar aan klantcontacten."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contacts", type=int, default=20_000, help="Aantal vragen (klantcontacten).")
        parser.add_argument("--seed", type=int, default=1, help="Zelfde seed geeft dezelfde gegevens.")
        parser.add_argument(
            "--until",
            type=date.fromisoformat,
            default=DEFAULT_UNTIL,
            help=f"Laatste dag van het demojaar (JJJJ-MM-DD, standaard {DEFAULT_UNTIL.isoformat()}).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Ook uitvoeren als DEBUG uit staat (nooit in productie)."
        )

    def handle(self, *args, contacts: int, seed: int, until: date, force: bool, **options) -> None:
        if not (settings.DEBUG or settings.DEMO_MODE or force):
            raise CommandError(
                "Demogegevens worden alleen aangemaakt met DEBUG=true of DEMO_MODE=true, "
                "of met --force. Doe dit nooit in een productieomgeving."
            )
        if contacts < 0:
            raise CommandError("--contacts mag niet negatief zijn.")
        if demo_exists():
            self.stdout.write("Demogegevens bestaan al; er is niets aangemaakt.")
            return
        counts = generate(contacts=contacts, seed=seed, until=until)
        # The generator writes with COPY, past the services that keep the question counters.
        question_counts_rebuild()
        from django.apps import apps

        if apps.is_installed("voorkant.surveys"):
            from voorkant.surveys.demo import demo_survey_responses

            counts["survey_responses"] = demo_survey_responses(seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demogegevens aangemaakt in {counts['seconds']} s: {counts['conversations']} gesprekken, "
                f"{counts['questions']} vragen, {counts['involvements']} betrokkenen, "
                f"{counts['transfers']} doorverbindingen, {counts['followups']} vervolgacties, "
                f"{counts['parties']} partijen, "
                f"{counts.get('survey_responses', 0)} enquête-antwoorden."
            )
        )
