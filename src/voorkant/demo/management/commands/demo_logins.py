"""demo_logins: print the demo accounts, their roles and the shared demo password."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from voorkant.demo.content import DEMO_ACCOUNTS, DEMO_PASSWORD
from voorkant.organisation.models import User


class Command(BaseCommand):
    help = "Toont de demo-log-ins (alleen met DEBUG of DEMO_MODE)."

    def handle(self, *args, **options) -> None:
        if not (settings.DEBUG or settings.DEMO_MODE):
            raise CommandError("De demo-log-ins worden alleen getoond met DEBUG=true of DEMO_MODE=true.")
        existing = set(
            User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        if not existing:
            self.stdout.write("Er zijn geen demo-accounts. Maak ze aan met: manage.py generate_demo_data")
            return
        self.stdout.write(f"Demo-log-ins (wachtwoord voor allemaal: {DEMO_PASSWORD})")
        width = max(len(a.username) for a in DEMO_ACCOUNTS)
        for account in DEMO_ACCOUNTS:
            if account.username not in existing:
                continue
            roles = ", ".join(role.label for role in account.roles)
            self.stdout.write(f"  {account.username.ljust(width)}  {roles} — {account.job_title}")
