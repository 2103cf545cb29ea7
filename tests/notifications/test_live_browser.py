"""live.js in a real browser: a new notification appears by itself; the pause button stops updates."""

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_accessible
from voorkant.notifications.services import notify

pytestmark = pytest.mark.browser


def test_a_new_notification_appears_without_reload_and_pause_holds_it_back(
    login_page, make_persona, settings
):
    settings.NOTIFICATIONS_POLL_SECONDS = 1
    page = login_page("kcc")
    page.goto("/meldingen/")
    region = page.locator("#vk-meldingen")
    expect(region).to_have_attribute("aria-live", "polite")

    notify(user=make_persona("kcc"), title="Escalatie: terugbelverzoek over tijd")
    expect(region).to_contain_text("Escalatie: terugbelverzoek over tijd")

    pause = page.get_by_role("button", name="Automatisch verversen pauzeren")
    pause.click()
    resume = page.get_by_role("button", name="Automatisch verversen hervatten")
    expect(resume).to_have_attribute("aria-pressed", "true")
    notify(user=make_persona("kcc"), title="Nieuwe taak: bel mevrouw terug")
    page.wait_for_timeout(3000)  # three poll intervals
    expect(region).not_to_contain_text("Nieuwe taak")

    resume.click()
    expect(region).to_contain_text("Nieuwe taak: bel mevrouw terug")
    assert_accessible(page, "meldingen-live")


def test_marking_a_notification_read_in_the_region_removes_it(login_page, make_persona, settings):
    settings.NOTIFICATIONS_POLL_SECONDS = 1
    notify(user=make_persona("kcc"), title="Mededeling: storing telefonie")
    page = login_page("kcc")
    page.goto("/meldingen/")
    region = page.locator("#vk-meldingen")
    expect(region).to_contain_text("Mededeling: storing telefonie")
    region.get_by_role("button", name="Gelezen").click()
    expect(region).not_to_contain_text("Mededeling: storing telefonie")
