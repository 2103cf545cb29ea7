"""The manager switches period and domain, chart and table agree, exports download; axe-core clean."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import assert_accessible
from tests.dashboard.conftest import World
from tests.dashboard.test_views import now_local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def reference_data_present() -> None:
    """Channels and outcomes come from a data migration; a flush by an earlier browser test removes them."""
    from voorkant.contacts.models import Channel, Outcome
    from voorkant.contacts.reference_data import DEFAULT_CHANNELS, DEFAULT_OUTCOMES

    for order, (code, name) in enumerate(DEFAULT_CHANNELS):
        Channel.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name, category) in enumerate(DEFAULT_OUTCOMES):
        Outcome.objects.get_or_create(
            code=code, defaults={"name": name, "category": category, "order": order}
        )


@pytest.fixture
def month_of_questions(organisation):
    reference_data_present()
    world = World(organisation)
    questions = []
    for minute in range(12):
        questions.append(world.question(when=now_local(9, minute), product=world.passport))
    for minute in range(7):
        outcome = world.resolved if minute < 3 else world.follow_up
        questions.append(
            world.question(when=now_local(14, minute), product=world.wmo, channel=world.desk, outcome=outcome)
        )
    questions.append(world.question(when=now_local(15), product=world.wmo, channel=world.email))
    world.register(*questions)
    return world


def chart_and_table(page, canvas_id: str, table_id: str):
    chart = page.evaluate(
        """id => { const c = Chart.getChart(document.getElementById(id));
                   return {labels: c.data.labels, values: c.data.datasets[0].data}; }""",
        canvas_id,
    )
    rows = page.locator(f"#{table_id} tbody tr").all()
    table = [(row.locator("th").inner_text(), row.locator("td").first.inner_text()) for row in rows]
    return chart, table


def test_manager_switches_period_and_domain_and_exports(login_page, month_of_questions):
    page = login_page("manager")
    page.goto("/dashboard/")
    page.get_by_label("Periode", exact=True).select_option("maand")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state("networkidle")

    chart, table = chart_and_table(page, "grafiek-kanalen", "tabel-kanalen")
    assert table == [("Telefoon", "12"), ("Balie", "7"), ("E-mail", "<5")]
    assert chart["labels"] == [label for label, _ in table]
    assert chart["values"] == [12, 7, None]  # the suppressed cell is not drawn
    assert page.locator('[data-kpi="volume"] .vk-value').inner_text() == "20"
    legends = page.evaluate(
        "() => Chart.getChart(document.getElementById('grafiek-verloop')).data.datasets.map(d => d.label)"
    )
    assert "Norm eerste contact (80 %)" in legends

    page.get_by_label("Domein", exact=True).select_option(label="Sociaal Domein")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state("networkidle")
    chart, table = chart_and_table(page, "grafiek-kanalen", "tabel-kanalen")
    assert table == [("Balie", "7"), ("E-mail", "<5")]
    assert chart["values"] == [7, None]
    assert page.locator('[data-kpi="volume"] .vk-value').inner_text() == "8"
    assert "Domein Sociaal Domein" in page.locator("#tabel-verlies").inner_text()
    assert_accessible(page, "dashboard-manager-sociaal-domein")

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Exporteer als CSV").click()
    with open(csv_download.value.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    assert "Domein;Sociaal Domein" in text
    assert "Balie;7;" in text

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Exporteer als Excel (XLSX)").click()
    with open(xlsx_download.value.path(), "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    rows = list(workbook["Per kanaal"].iter_rows(min_row=2, values_only=True))
    assert [row[:2] for row in rows] == [("Balie", 7), ("E-mail", "<5")]


def test_live_today_view_can_be_paused_and_is_accessible(login_page, month_of_questions):
    page = login_page("manager")
    page.goto("/dashboard/vandaag/")
    page.wait_for_load_state("networkidle")  # the live region's first fill, and the chart redrawn after it
    pause = page.locator('[data-live-pause~="vk-live"]')
    assert pause.get_attribute("aria-pressed") == "false"
    pause.click()
    assert pause.get_attribute("aria-pressed") == "true"
    assert pause.inner_text() == "Automatisch verversen hervatten"
    assert page.locator("#vk-live").get_attribute("aria-live") == "polite"
    # One pause control on the page (WCAG 2.2.2): it pauses the figures and the notifications.
    assert page.locator("[data-live-pause]").count() == 1
    assert page.locator('[data-live-pause~="vk-meldingen"][aria-pressed="true"]').count() == 1
    chart, table = chart_and_table(page, "grafiek-uren", "tabel-uren")
    assert dict(table)["09:00"] == "12"
    assert chart["values"][chart["labels"].index("09:00")] == 12
    assert page.locator("#live-kpi-vervolgacties-te-laat .vk-tile__value").inner_text() == "0"
    assert_accessible(page, "dashboard-vandaag")


def test_an_agent_sees_their_own_figures_and_switches_period(login_page, make_persona, organisation):
    reference_data_present()
    world = World(organisation)
    agent = make_persona("kcc").employee
    world.register(
        *[world.question(when=now_local(9, m), agent=agent.actor, product=world.passport) for m in range(6)],
        *[world.question(when=now_local(10, m), agent=world.evening_agent) for m in range(7)],
    )
    page = login_page("kcc")
    page.get_by_role("link", name="Mijn cijfers").click()
    page.wait_for_load_state("networkidle")

    own = page.locator("#tabel-eigen")
    assert own.locator('[data-kpi="volume"] .vk-value').inner_text() == "6"
    assert own.locator('[data-kpi="eerstelijns-afhandeling"] .vk-value').inner_text() == "100,0 %"
    assert "Groen" in own.locator('[data-kpi="eerstelijns-afhandeling"]').inner_text()
    assert "Avondveld" not in page.content()
    page.get_by_label("Periode", exact=True).select_option("maand")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state("networkidle")
    assert page.locator('#tabel-eigen [data-kpi="volume"] .vk-value').inner_text() == "6"
    assert_accessible(page, "dashboard-mijn-cijfers")
