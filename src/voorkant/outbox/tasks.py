"""Jobs that send the outbox and clear old messages."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from voorkant.jobs.registry import task
from voorkant.jobs.services import enqueue_now
from voorkant.outbox.models import OutboxMessage, OutboxStatus, RecordedEmail
from voorkant.outbox.services import SEND_TASK, outbox_send_pending


# Kicked after every queued message and also run every minute, so a kick lost in a crash between commit
# and enqueue only delays a message, never drops it. Not atomic: each message commits on its own.
@task(SEND_TASK, every=timedelta(minutes=1), atomic=False, max_attempts=3, priority=50)
def send_pending() -> None:
    looked_at = outbox_send_pending()
    if looked_at >= settings.OUTBOX_BATCH_SIZE:
        enqueue_now(SEND_TASK, unique_key=SEND_TASK)


@task("outbox.prune", every=timedelta(hours=6), max_attempts=3)
def prune() -> None:
    """Messages hold addresses and text about citizens: keep them only OUTBOX_KEEP_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    OutboxMessage.objects.filter(
        status__in=[OutboxStatus.SENT, OutboxStatus.BLOCKED, OutboxStatus.FAILED], created_at__lt=cutoff
    ).delete()
    RecordedEmail.objects.filter(recorded_at__lt=cutoff).delete()
