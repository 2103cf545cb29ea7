"""A customer answers the survey from the link in the e-mail; the coordinator reads it; axe-core clean."""

from __future__ import annotations

import pytest

from tests.conftest import assert_accessible
from voorkant.surveys.models import SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_customer_answers_by_keyboard_and_the_coordinator_sees_it(page, invited, login_page):
    _, token = invited
    page.goto(f"/kto/{token}/")
    assert_accessible(page, "kto-vragenlijst")
    # Sending without the required answers names what is missing and keeps what was typed.
    page.get_by_label("Wilt u nog iets kwijt?").fill("Ik werd snel geholpen.")
    page.get_by_role("button", name="Versturen").click()
    assert page.get_by_text("Kies hoe tevreden u bent.").is_visible()
    assert page.get_by_label("Wilt u nog iets kwijt?").input_value() == "Ik werd snel geholpen."
    assert_accessible(page, "kto-vragenlijst-fout")
    # Keyboard only: Tab into a radio group, arrow keys choose.
    page.get_by_role("group", name="Hoe tevreden bent u over het contact met ons?").get_by_label(
        "Tevreden", exact=True
    ).check()
    page.get_by_label("Ja", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_label("Weinig moeite", exact=True).check()
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("heading", name="Bedankt voor uw mening").wait_for()
    response = SurveyResponse.objects.get()
    assert (response.satisfaction, response.answered, response.effort) == (4, "ja", 2)
    assert response.comment == "Ik werd snel geholpen."

    login_page("teamleider")
    page.get_by_role("link", name="Tevredenheid").click()
    page.get_by_role("heading", name="Klanttevredenheid").wait_for()
    assert page.get_by_role("cell", name="Ik werd snel geholpen.").is_visible()
    assert_accessible(page, "kto-resultaten")


def test_the_beheerder_sets_the_sample_from_the_administration_page(page, login_page):
    from voorkant.surveys.services import survey_settings

    login_page("beheerder")
    page.goto("/beheer/")
    page.get_by_role("link", name="Klanttevredenheidsonderzoek").click()
    page.get_by_label("Steekproef (% van de contacten)").fill("40")
    page.get_by_label("Chat").uncheck()
    assert_accessible(page, "kto-instellingen")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("zijn opgeslagen").wait_for()
    policy = survey_settings()
    assert policy.sample_percentage == 40
    assert "chat" not in set(policy.channels.values_list("code", flat=True))
