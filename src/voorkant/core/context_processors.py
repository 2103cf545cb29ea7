"""Navigation shown in the page header, by permission: a user sees only where they may go."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (label, url name, permission or None for every logged-in user)
NAVIGATION = [
    ("Werkplek", "contacts:workspace", "organisation.use_agent_workspace"),
    ("Kennisbank", "knowledge:search", "organisation.use_agent_workspace"),
    ("Redactie", "knowledge:editor_list", "organisation.edit_knowledge"),
    ("Verwerkingenlogging", "privacy:log", "organisation.view_processing_log"),
    ("Beheer", "core:administration", "organisation.manage_reference_data"),
]


def navigation(request):
    items = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for label, name, permission in NAVIGATION:
            if permission is None or user.has_perm(permission):
                try:
                    url = reverse(name)
                except NoReverseMatch:
                    continue
                items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items, "municipality_name": settings.MUNICIPALITY_NAME}
