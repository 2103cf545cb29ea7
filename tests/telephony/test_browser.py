"""Browser checks of the telephony pages: they work and pass axe-core (PostgreSQL runs only)."""

from __future__ import annotations

import pytest

from tests.conftest import assert_accessible
from tests.telephony.builders import abandoned_call, event, simple_call
from voorkant.telephony.services import telephony_events_ingest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def calls():
    events = []
    for i in range(12):
        events += simple_call(
            f"b{i}", start=i * 70, wait=i * 3, talk=200, queue="algemeen" if i % 2 else "wmo"
        )
    events += abandoned_call("gone", start=500, wait=40)
    events += [event("logged_in", -100, agent="kcc"), event("logged_out", 3000, agent="kcc")]
    telephony_events_ingest(raw_events=events)


def test_wallboard_refreshes_can_be_paused_and_is_accessible(login_page, calls):
    page = login_page("teamleider")
    page.goto("/telefonie/")
    assert page.get_by_role("heading", name="Wandbord telefonie").is_visible()
    # One pause control on the page (WCAG 2.2.2): it pauses the board and the notifications.
    assert page.locator("[data-live-pause]").count() == 1
    pause = page.get_by_role("button", name="Automatisch verversen pauzeren", exact=True)
    pause.click()
    resume = page.get_by_role("button", name="Automatisch verversen hervatten", exact=True)
    assert resume.get_attribute("aria-pressed") == "true"
    assert page.locator('[data-live-pause~="vk-meldingen"][aria-pressed="true"]').count() == 1
    assert_accessible(page, "telefonie-wandbord")


def test_interval_page_for_one_day_is_accessible(login_page, calls):
    page = login_page("teamleider")
    page.goto("/telefonie/intervallen/?start=2026-03-02&end=2026-03-02")
    assert page.get_by_role("heading", name="Per kwartier en wachtrij").is_visible()
    assert_accessible(page, "telefonie-intervallen")


def test_what_if_answers_with_a_table_and_is_accessible(login_page, calls):
    page = login_page("teamleider")
    page.goto("/telefonie/wat-als/")
    page.get_by_label("Oproepen per kwartier").fill("60")
    page.get_by_label("Geduld van bellers (seconden)").fill("120")
    page.get_by_role("button", name="Bereken").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("table", name="Verwachte uitkomst per aantal medewerkers").is_visible()
    assert_accessible(page, "telefonie-wat-als")


def test_planning_page_is_accessible(login_page, calls):
    page = login_page("teamleider")
    page.goto("/telefonie/planning/")
    assert page.get_by_role(
        "heading", name="Planning: verwachte oproepen en benodigde medewerkers"
    ).is_visible()
    assert_accessible(page, "telefonie-planning")
