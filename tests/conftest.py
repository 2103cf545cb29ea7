"""Shared fixtures: personas per role, a real browser, an accessibility check and query-count locking."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voorkant.organisation.roles import Role

REPO_ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO_ROOT / "test-artifacts"
PASSWORD = "voorkant-test-wachtwoord"

# username -> roles; mirrors the demo accounts so tests speak of the same people.
PERSONAS: dict[str, list[Role]] = {
    "kcc": [Role.AGENT],
    "teamleider": [Role.AGENT, Role.COORDINATOR],
    "backoffice": [Role.BACKOFFICE],
    "manager": [Role.MANAGER],
    "beheerder": [Role.ADMINISTRATOR],
    "redacteur": [Role.EDITOR],
    "privacy": [Role.PRIVACY_OFFICER],
    "zonderrol": [],
}


@pytest.fixture
def organisation(db):
    """A KCC team and a back-office team in their domains."""
    from voorkant.organisation.services import domain_create, team_create

    kcc_domain = domain_create(code="dienstverlening", name="Dienstverlening")
    social = domain_create(code="sociaal-domein", name="Sociaal Domein")
    return {
        "kcc_domain": kcc_domain,
        "social_domain": social,
        "kcc_team": team_create(domain=kcc_domain, name="KCC", is_front_office=True),
        "social_team": team_create(domain=social, name="Wmo", is_front_office=False),
    }


@pytest.fixture
def make_persona(db, organisation) -> Callable:
    from voorkant.organisation.services import employee_create, user_create

    created = {}

    def make(username: str):
        if username in created:
            return created[username]
        user = user_create(
            username=username,
            password=PASSWORD,
            first_name=username.capitalize(),
            last_name="Test",
            email=f"{username}@voorbeeld.invalid",
            roles=PERSONAS[username],
        )
        team = organisation["social_team"] if username == "backoffice" else organisation["kcc_team"]
        employee_create(
            name=f"{username.capitalize()} Test",
            user=user,
            teams=[team],
            leads=[team] if username == "teamleider" else [],
        )
        created[username] = user
        return user

    return make


@pytest.fixture
def client_as(client, make_persona) -> Callable:
    """A test client logged in as the named persona."""

    def login(username: str):
        user = make_persona(username)
        client.force_login(user)
        return client

    return login


@pytest.fixture
def query_counter() -> Callable:
    """Run a callable and return how many queries it made, to lock query counts (1 vs 25 rows)."""

    def count(func: Callable) -> int:
        with CaptureQueriesContext(connection) as ctx:
            func()
        return len(ctx.captured_queries)

    return count


# --- Browser -----------------------------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1400, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_page(page, make_persona):
    """Log a persona in through the real login form."""

    def login(username: str):
        make_persona(username)
        page.goto("/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state("networkidle")
        return page

    return login


AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def assert_accessible(page, name: str) -> None:
    """Run axe-core on the current page; no serious or critical violations. Saves a screenshot to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe-core violations on {name}:\n" + "\n".join(bad)


@pytest.fixture(autouse=True)
def _fresh_platform_caches():
    """Per-process caches (calendar, e-mail templates, API tokens, reference rows) must not outlive a
    rolled-back test."""
    from voorkant.apitokens.services import api_token_cache_clear
    from voorkant.core.reference_cache import reference_caches_clear
    from voorkant.outbox.services import template_cache_clear
    from voorkant.workdays.calendar import clear_calendar_cache

    clear_calendar_cache()
    template_cache_clear()
    api_token_cache_clear()
    reference_caches_clear()
    yield


def pytest_terminal_summary(terminalreporter) -> None:
    """Say plainly when the Redis transport tests did not run (they skip when no Redis is reachable)."""
    reasons = set()
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if "Redis-transport" in reason:
            reasons.add(reason.removeprefix("Skipped: "))
    for reason in sorted(reasons):
        terminalreporter.write_line(f"OVERGESLAGEN: {reason}", yellow=True, bold=True)
