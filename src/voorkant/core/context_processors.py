"""Navigation shown in the page header, by permission: a user sees only where they may go."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse

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


def navigation(request):
    items = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for label, name, permissions in NAVIGATION:
            if any(user.has_perm(p) for p in permissions):
                try:
                    url = reverse(name)
                except NoReverseMatch:
                    continue
                items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items, "municipality_name": settings.MUNICIPALITY_NAME}
