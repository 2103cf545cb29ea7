from __future__ import annotations

import hashlib

from django.db.models import Count, Max

from voorkant.notifications.models import Notification

REGION_LIMIT = 5


def unread_state(*, user) -> tuple[int, int | None]:
    """(count, newest id) of the user's unread notifications: one indexed query, the basis of the ETag."""
    row = Notification.objects.filter(user=user, read_at__isnull=True).aggregate(
        n=Count("id"), newest=Max("id")
    )
    return row["n"], row["newest"]


def unread_etag(*, user) -> str:
    count, newest = unread_state(user=user)
    return hashlib.sha256(f"meldingen:{user.pk}:{count}:{newest}".encode()).hexdigest()[:32]


def unread_for_region(*, user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, read_at__isnull=True).order_by("-id")[:REGION_LIMIT])


def notification_list(*, user):
    return Notification.objects.filter(user=user).order_by("-id")
