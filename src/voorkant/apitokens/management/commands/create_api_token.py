"""``manage.py create_api_token NAME --scopes klantinteracties:read knowledge:read`` prints a new key once."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from voorkant.apitokens.models import ApiToken
from voorkant.apitokens.scopes import SCOPES
from voorkant.apitokens.services import api_token_create


class Command(BaseCommand):
    help = "Maakt een API-sleutel en toont die één keer."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Naam van de koppeling, bijvoorbeeld 'zaaksysteem'.")
        parser.add_argument("--scopes", nargs="+", required=True, help=f"Rechten: {', '.join(SCOPES)}.")
        parser.add_argument("--days", type=int, default=None, help="Geldig voor dit aantal dagen.")
        parser.add_argument(
            "--vertrouwelijk",
            action="store_true",
            help="De koppeling mag vertrouwelijke klantcontacten zien.",
        )

    def handle(self, *args, **options):
        scopes = [s for part in options["scopes"] for s in part.split(",") if s]
        expires_at = timezone.now() + timedelta(days=options["days"]) if options["days"] else None
        try:
            issued = api_token_create(name=options["name"], scopes=scopes, expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if options["vertrouwelijk"]:
            ApiToken.objects.filter(pk=issued.token.pk).update(may_see_confidential=True)
        self.stderr.write(
            f"API-sleutel '{issued.token.name}' gemaakt, "
            f"geldig tot {issued.token.expires_at:%Y-%m-%d %H:%M}, "
            f"rechten: {', '.join(issued.token.scopes)}. "
            "Bewaar de sleutel nu: hij wordt niet opnieuw getoond."
        )
        self.stdout.write(issued.key)
