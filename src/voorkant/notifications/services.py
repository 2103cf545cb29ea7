"""Publishing notifications. A notification is a row: every web worker on every server sees it at the next
poll, so nothing has to be routed between processes."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from voorkant.notifications.models import Notification, NotificationKind


def notify(
    *, user, title: str, kind: str = NotificationKind.INFO, body: str = "", url: str = ""
) -> Notification:
    """Notify one user; visible to their open pages once the surrounding transaction commits."""
    return Notification.objects.create(
        user=user, kind=kind, title=title[:200], body=body[:1000], url=url[:500], created_at=timezone.now()
    )


def notify_many(
    *, users: Iterable, title: str, kind: str = NotificationKind.INFO, body: str = "", url: str = ""
) -> int:
    now = timezone.now()
    rows = [
        Notification(user=user, kind=kind, title=title[:200], body=body[:1000], url=url[:500], created_at=now)
        for user in users
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def agents():
    """Active users who work in the agent workspace (through a role or directly)."""
    condition = Q(codename="use_agent_workspace", content_type__app_label="organisation")
    from django.contrib.auth.models import Permission

    permission = Permission.objects.filter(condition).first()
    users = get_user_model().objects.filter(is_active=True)
    if permission is None:
        return users.none()
    return users.filter(Q(groups__permissions=permission) | Q(user_permissions=permission)).distinct()


@transaction.atomic
def broadcast_send(*, sender, text: str) -> int:
    """The coordinator's message to every agent (for example 'storing telefonie'). Returns the count."""
    name = sender.get_full_name() or sender.get_username()
    return notify_many(users=agents(), title=text, kind=NotificationKind.BROADCAST, body=f"Van {name}")


def notification_mark_all_read(*, user) -> int:
    """Mark every unread notification of this user read (after a weekend, a team leader may find a dozen
    escalations). Only the user's own; returns how many were marked."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_mark_read(*, user, notification_id: int) -> bool:
    return bool(
        Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )
