"""Defaults a new installation starts with; the functional administrator changes them afterwards."""

# Channels whose contacts are invited by default: the ones where the customer deals with us in person or in
# writing. Post, social media and home visits are left out: either no e-mail address or no "contact" moment.
DEFAULT_CHANNEL_CODES = ("telefoon", "balie", "e-mail", "webformulier", "chat")

INVITATION_TEMPLATE = {
    "code": "kto-uitnodiging",
    "name": "Uitnodiging tevredenheidsonderzoek",
    "subject": "Wat vond u van uw contact met {{ gemeente }}?",
    "body": (
        "Goedendag,\n\n"
        "Op {{ datum }} had u contact met {{ gemeente }} ({{ kanaal }}). "
        "Wij horen graag wat u daarvan vond.\n"
        "De vragenlijst heeft drie korte vragen en kost u ongeveer een minuut:\n\n"
        "{{ link }}\n\n"
        "U kunt de vragenlijst invullen tot en met {{ uiterlijk }}. Meedoen is vrijwillig. Uw antwoorden "
        "gebruiken wij alleen om onze dienstverlening te verbeteren.\n\n"
        "Wilt u geen vragenlijsten meer van ons ontvangen? Meld u dan af via {{ afmelden }}\n\n"
        "Met vriendelijke groet,\n\n{{ gemeente }}\n"
    ),
    "available_fields": "datum, kanaal, link, uiterlijk, afmelden, gemeente",
}


def ensure_defaults(**kwargs) -> None:
    """Create the settings row and the invitation template when missing; never overwrite the beheerder's.

    A post_migrate hook rather than a data migration, so they also come back after a database flush.
    """
    from voorkant.contacts.models import Channel
    from voorkant.outbox.models import EmailTemplate
    from voorkant.surveys.models import SurveySettings

    if not SurveySettings.objects.filter(pk=1).exists():
        policy = SurveySettings.objects.create(pk=1)
        policy.channels.set(Channel.objects.filter(code__in=DEFAULT_CHANNEL_CODES))
    EmailTemplate.objects.get_or_create(code=INVITATION_TEMPLATE["code"], defaults=INVITATION_TEMPLATE)
