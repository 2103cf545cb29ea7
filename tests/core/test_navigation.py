"""The header navigation: by permission (read once per page), the current section marked."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from voorkant.core.context_processors import NAVIGATION, navigation

pytestmark = pytest.mark.django_db


def _labels(user, path: str = "/") -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [item["label"] for item in navigation(request)["nav_items"]]


def test_each_user_sees_what_has_perm_allows(make_persona):
    for username in ("kcc", "backoffice", "beheerder", "zonderrol"):
        user = make_persona(username)
        expected = [
            label
            for label, _, permissions in NAVIGATION
            if any(user.has_perm(permission) for permission in permissions)
        ]
        assert _labels(user) == expected, username
    assert "Vervolgacties" in _labels(make_persona("backoffice"))
    assert _labels(make_persona("zonderrol")) == []


def test_an_active_superuser_sees_everything_and_an_inactive_one_nothing(make_persona):
    user = make_persona("zonderrol")
    user.is_superuser = True
    assert _labels(user) == [label for label, _, _ in NAVIGATION]
    user.is_active = False
    assert _labels(user) == []


def test_the_current_section_is_marked(make_persona):
    request = RequestFactory().get("/vervolgacties/123/")
    request.user = make_persona("backoffice")
    items = {item["label"]: item for item in navigation(request)["nav_items"]}
    assert items["Vervolgacties"]["url"] == "/vervolgacties/" and items["Vervolgacties"]["active"]
    assert not any(item["active"] for label, item in items.items() if label != "Vervolgacties")
