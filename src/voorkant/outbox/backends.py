"""An e-mail backend that records each message as a database row instead of delivering it.

It writes through the default database connection, so inside the outbox's send transaction the record and
the "sent" mark commit together: a crash never leaves one without the other (exactly once, countable).
"""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend


class RecordingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from voorkant.outbox.models import RecordedEmail

        RecordedEmail.objects.bulk_create(
            [
                RecordedEmail(
                    message_id=message.extra_headers.get("Message-ID", ""),
                    to=", ".join(message.to),
                    subject=message.subject,
                    body=message.body,
                )
                for message in email_messages
            ]
        )
        return len(email_messages)


# Backends that cannot reach anyone; the only ones allowed while DEMO_MODE is on.
UNDELIVERABLE_BACKENDS = frozenset(
    {
        "voorkant.core.mail.UndeliverableEmailBackend",
        "voorkant.outbox.backends.RecordingEmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    }
)
