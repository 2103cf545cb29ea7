"""Browser: the agent types the caller's words, sees results while typing, opens the answer."""

import pytest

from tests.conftest import assert_accessible
from voorkant.knowledge.services import item_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_finds_an_answer_while_typing_and_opens_it(login_page):
    item_create(
        kind="vac",
        title="Wat moet ik doen als ik mijn paspoort kwijt ben?",
        body="<p>Doe aangifte bij de gemeente als uw paspoort kwijt is.</p>",
        kcc_note="<p>Vraag naar de datum van verlies.</p>",
    )
    item_create(kind="vac", title="Hondenbelasting", body="<p>Per hond per jaar.</p>")
    page = login_page("kcc")
    page.goto("/kennisbank/zoeken/")
    assert_accessible(page, "kennisbank-zoeken-leeg")
    page.get_by_label("Zoek in de woorden van de inwoner").press_sequentially("pasport kwijt", delay=30)
    result = page.locator("#kb-results").get_by_role(
        "link", name="Wat moet ik doen als ik mijn paspoort kwijt ben?"
    )
    result.wait_for()
    assert page.locator("#kb-results mark").first.inner_text().lower() in {"paspoort", "kwijt"}
    assert_accessible(page, "kennisbank-zoeken-resultaten")
    result.click()
    page.wait_for_load_state("networkidle")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Wat moet ik doen als ik mijn paspoort kwijt ben?"
    )
    assert "Vraag naar de datum van verlies." in page.content()
    assert_accessible(page, "kennisbank-item")
