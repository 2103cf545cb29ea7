"""The beheerder (a staff account with the beheerder role, not a superuser) reaches every platform setting
that /beheer/ links to in the admin; other staff accounts do not."""

import datetime

import pytest
from django.urls import reverse

from voorkant.workdays.models import ClosureDay

PAGES = [
    "admin:workdays_openinghours_changelist",
    "admin:workdays_closureday_changelist",
    "admin:workdays_closureday_add",
    "admin:workdays_decreeday_changelist",
    "admin:outbox_emailtemplate_changelist",
    "admin:apitokens_apitoken_changelist",
    "admin:apitokens_apitoken_add",
    "admin:jobs_schedule_changelist",
]


def _staff_client(client_as, make_persona, persona):
    user = make_persona(persona)
    user.is_staff = True  # as the demo's beheerder; the role must do the rest
    user.save(update_fields=["is_staff"])
    return client_as(persona)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("persona", "status"), [("beheerder", 200), ("teamleider", 403)])
def test_platform_settings_in_the_admin_are_open_to_the_beheerder_only(
    client_as, make_persona, page, persona, status
):
    client = _staff_client(client_as, make_persona, persona)
    assert client.get(reverse(page)).status_code == status


def test_the_beheerder_adds_a_closure_day_in_the_admin(client_as, make_persona):
    client = _staff_client(client_as, make_persona, "beheerder")
    response = client.post(
        reverse("admin:workdays_closureday_add"), {"date": "2026-12-24", "reason": "Kerstavond"}
    )
    assert response.status_code == 302
    assert ClosureDay.objects.get().date == datetime.date(2026, 12, 24)
