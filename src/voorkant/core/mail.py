"""An e-mail backend that can never deliver, for demo installs: messages are kept in memory only."""

from django.core.mail.backends.locmem import EmailBackend


class UndeliverableEmailBackend(EmailBackend):
    """Keeps sent messages in django.core.mail.outbox and opens no connection to anything."""
