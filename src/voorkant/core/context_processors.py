"""Navigation shown in the page header, by permission: a user sees only where they may go."""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# (label, url name, permissions of which one suffices)
NAVIGATION = [
    ("Werkplek", "contacts:workspace", ("organisation.use_agent_workspace",)),
    ("Klant zoeken", "parties:search", ("organisation.view_klantbeeld",)),
    ("Vervolgacties", "followups:inbox", ("organisation.work_backoffice", "organisation.coordinate_kcc")),
    ("Kennisbank", "knowledge:search", ("organisation.use_agent_workspace", "organisation.edit_knowledge")),
    ("Redactie", "knowledge:editor_list", ("organisation.edit_knowledge",)),
    (
        "Protocollen",
        "catalogue:protocol_list",
        (
            "organisation.coordinate_kcc",
            "organisation.decide_protocol_proposals",
            "organisation.manage_reference_data",
        ),
    ),
    ("Producten", "catalogue:product_list", ("organisation.manage_reference_data",)),
    ("Routering", "followups:routing", ("organisation.manage_reference_data",)),
    ("Dashboard", "dashboard:overview", ("organisation.view_management_information",)),
    (
        "Mijn cijfers",
        "dashboard:mine",
        ("organisation.use_agent_workspace", "organisation.work_backoffice"),
    ),
    ("Servicenormen", "dashboard:norms", ("organisation.manage_reference_data",)),
    ("Telefonie", "telephony:wallboard", ("organisation.coordinate_kcc",)),
    ("Tevredenheid", "surveys:results", ("organisation.coordinate_kcc",)),
    ("Bereikbaarheid", "telephony:intervals", ("organisation.view_management_information",)),
    ("Verwerkingenlogging", "privacy:log", ("organisation.view_processing_log",)),
    ("Beheer", "core:administration", ("organisation.manage_reference_data",)),
]


@functools.lru_cache(maxsize=256)
def _url(name: str, urlconf: str, prefix: str) -> str | None:
    """reverse() once per process (and URLconf and script prefix) instead of ~20 times on every page."""
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def navigation(request):
    items = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # The user's permission set read once, with has_perm's rules (an active superuser may do everything),
        # rather than ~25 has_perm calls that each walk the authentication backends.
        everything = user.is_active and user.is_superuser
        granted = user.get_all_permissions()
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        prefix = get_script_prefix()
        for label, name, permissions in NAVIGATION:
            if everything or any(p in granted for p in permissions):
                url = _url(name, urlconf, prefix)
                if url is not None:
                    items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items, "municipality_name": settings.MUNICIPALITY_NAME}
