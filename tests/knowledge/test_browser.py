"""Browser: the agent types the caller's words, sees results while typing, opens the answer."""

import pytest

from tests.conftest import assert_accessible
from tests.contacts.test_workspace_browser import reference_data  # noqa: F401 - the werkplek's seeded rows
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


@pytest.mark.usefixtures("reference_data")
def test_in_an_open_conversation_the_agent_finds_opens_and_links_the_answer(login_page):
    import re

    from voorkant.contacts.models import ConversationDraft

    item_create(
        kind="vac",
        title="Wat moet ik doen als ik mijn paspoort kwijt ben?",
        body="<p>Doe aangifte bij de gemeente als uw paspoort kwijt is.</p>",
    )
    item_create(kind="vac", title="Hondenbelasting", body="<p>Per hond per jaar.</p>")
    page = login_page("kcc")
    page.goto("/werkplek/")
    page.get_by_role("button", name="Telefoon").first.click()
    page.wait_for_url(re.compile(r"/werkplek/[0-9a-f-]{36}/$"))
    page.wait_for_load_state("networkidle")
    conversation = page.url
    page.keyboard.press("Alt+k")
    page.locator("#vk-knowledge-q").press_sequentially("ik ben mijn pasport kwijt", delay=30)
    title = "Wat moet ik doen als ik mijn paspoort kwijt ben?"
    result = page.locator("#vk-knowledge-results").get_by_role("link", name=title)
    result.wait_for()
    assert_accessible(page, "werkplek-kennisbank-resultaten")
    # Open the answer to read it out to the caller, come back to the conversation and link it.
    result.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == title
    page.goto(conversation)
    page.wait_for_load_state("networkidle")
    page.locator("#vk-knowledge-q").press_sequentially("pasport kwijt", delay=30)
    page.locator("#vk-knowledge-results").get_by_role("button", name="Gebruik als antwoord").first.click()
    page.locator(".vk-answer__linked").wait_for()
    assert title in page.locator(".vk-answer__title").inner_text()
    assert_accessible(page, "werkplek-antwoord-gekoppeld")
    draft = ConversationDraft.objects.get()
    assert draft.data["questions"][0]["knowledge_title"] == title
