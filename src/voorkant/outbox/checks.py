from django.conf import settings
from django.core.checks import Error, register

from voorkant.outbox.backends import UNDELIVERABLE_BACKENDS


@register()
def demo_mode_cannot_deliver(app_configs, **kwargs):
    if settings.DEMO_MODE and settings.EMAIL_BACKEND not in UNDELIVERABLE_BACKENDS:
        return [
            Error(
                "DEMO_MODE staat aan maar EMAIL_BACKEND kan echt bezorgen.",
                hint="Gebruik voorkant.core.mail.UndeliverableEmailBackend of voorkant.outbox.backends."
                "RecordingEmailBackend in een demo-omgeving.",
                id="voorkant.E001",
            )
        ]
    return []
