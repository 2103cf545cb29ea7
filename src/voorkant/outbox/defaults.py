"""The e-mail templates a new installation starts with; the functional administrator edits them afterwards."""

TEMPLATES = [
    {
        "code": "algemeen-bericht",
        "name": "Algemeen bericht",
        "subject": "{{ onderwerp }}",
        "body": "Beste {{ naam }},\n\n{{ tekst }}\n\nMet vriendelijke groet,\n\n{{ gemeente }}\n",
        "available_fields": "naam, onderwerp, tekst, gemeente",
    },
    {
        "code": "vervolgactie-bevestiging",
        "name": "Bevestiging: vraag doorgegeven",
        "subject": "Wij hebben uw vraag doorgegeven",
        "body": (
            "Beste {{ naam }},\n\n"
            "U had contact met {{ gemeente }} over: {{ onderwerp }}.\n"
            "Wij hebben uw vraag doorgegeven aan {{ afdeling }}. "
            "U hoort uiterlijk {{ uiterlijk }} van ons.\n\n"
            "Uw kenmerk is {{ kenmerk }}. Noem dit kenmerk als u ons belt of mailt.\n\n"
            "Met vriendelijke groet,\n\n{{ gemeente }}\n"
        ),
        "available_fields": "naam, onderwerp, afdeling, uiterlijk, kenmerk, gemeente",
    },
    {
        "code": "terugbelverzoek-bevestiging",
        "name": "Bevestiging: wij bellen u terug",
        "subject": "Wij bellen u terug",
        "body": (
            "Beste {{ naam }},\n\n"
            "U vroeg ons om u terug te bellen over: {{ onderwerp }}.\n"
            "Wij bellen u uiterlijk {{ uiterlijk }} op het nummer dat u ons gaf.\n\n"
            "Uw kenmerk is {{ kenmerk }}.\n\n"
            "Met vriendelijke groet,\n\n{{ gemeente }}\n"
        ),
        "available_fields": "naam, onderwerp, uiterlijk, kenmerk, gemeente",
    },
    {
        "code": "vervolgactie-afgerond",
        "name": "Uw vraag is afgehandeld",
        "subject": "Uw vraag is afgehandeld",
        "body": (
            "Beste {{ naam }},\n\n"
            "Uw vraag over {{ onderwerp }} is afgehandeld.\n{{ toelichting }}\n\n"
            "Heeft u nog een vraag? Bel ons of kijk op onze website. Noem dan uw kenmerk {{ kenmerk }}.\n\n"
            "Met vriendelijke groet,\n\n{{ gemeente }}\n"
        ),
        "available_fields": "naam, onderwerp, toelichting, kenmerk, gemeente",
    },
]


def ensure_default_templates(**kwargs) -> None:
    """Create each default template that is missing; never touch one the beheerder changed.

    A post_migrate hook next to the data migration, so the templates also come back after a database flush
    (as test servers do): without them, creating a follow-up would fail on its confirmation e-mail.
    """
    from voorkant.outbox.models import EmailTemplate

    for values in TEMPLATES:
        EmailTemplate.objects.get_or_create(code=values["code"], defaults=values)
