from django.conf import settings


def live_settings(request):
    """How often live regions poll (NOTIFICATIONS_POLL_SECONDS)."""
    return {"live_poll_seconds": settings.NOTIFICATIONS_POLL_SECONDS}
