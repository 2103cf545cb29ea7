"""Each KPI on a hand-built data set whose answers were worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from tests.dashboard.conftest import at
from voorkant.dashboard import selectors
from voorkant.dashboard.models import DailySummary, HourlySummary, QuestionFact

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def kpis_on(start: date, end: date | None = None, **filters) -> dict[str, selectors.KpiResult]:
    period = selectors.Period("aangepast", start, end or start)
    results, _ = selectors.kpis_only(period, selectors.Filters(**filters))
    return {k.code: k for k in results}


def totals_on(day: date) -> selectors.Totals:
    return selectors.segments(selectors.Period("aangepast", day, day), selectors.Filters()).total


def test_first_contact_resolution_counts_resolved_questions_and_is_red_below_norm(world):
    for minute in range(4):
        world.register(world.question(when=at(f"2026-03-10 09:0{minute}")))
    world.register(world.question(when=at("2026-03-10 10:00"), outcome=world.follow_up))
    world.register(world.question(when=at("2026-03-10 11:00"), outcome=world.transferred))

    kpis = kpis_on(DAY)

    assert kpis["volume"].value == 6
    assert kpis["eerstelijns-afhandeling"].value == pytest.approx(400 / 6)
    assert kpis["eerstelijns-afhandeling"].display == "66,7 %"
    # Norm 80 % with a 5-point amber margin: 13.3 points short is red.
    assert kpis["eerstelijns-afhandeling"].status == "rood"
    assert kpis["vervolgactie"].value == pytest.approx(100 / 6)


def test_norm_set_by_the_administrator_changes_the_colour_and_keeps_the_source(world, make_persona):
    from voorkant.dashboard.services import norm_update

    for minute in range(4):
        world.register(world.question(when=at(f"2026-03-10 09:0{minute}")))
    world.register(world.question(when=at("2026-03-10 10:00"), outcome=world.follow_up))
    assert kpis_on(DAY)["eerstelijns-afhandeling"].status == "groen"  # 80 % meets the default 80 %

    norm_update(
        code="eerstelijns-afhandeling",
        target_percentage=Decimal("85"),
        amber_margin=Decimal("5"),
        threshold=None,
        user=make_persona("beheerder"),
    )
    result = kpis_on(DAY)["eerstelijns-afhandeling"]
    assert result.value == pytest.approx(80.0)
    assert result.status == "oranje"
    assert result.norm.is_default is False
    assert "Antwoord" in result.norm.source


def test_transfers_connected_right_person_and_norm_of_two(world):
    for transfers in (
        [(True, True)],
        [(True, True), (True, False)],
        [(False, None), (False, None), (True, True)],
        [(True, None)],
        [(False, None)],
    ):
        world.register(
            world.question(when=at("2026-03-10 09:00"), outcome=world.transferred, transfers=transfers)
        )

    kpis = kpis_on(DAY)

    assert kpis["doorverbindingen"].value == pytest.approx(80.0)  # 4 of 5 within 2 transfers
    assert kpis["doorverbindingen"].status == "rood"
    assert kpis["doorverbonden-geslaagd"].value == pytest.approx(62.5)  # 5 of 8 connected
    assert kpis["doorverbonden-juiste-persoon"].value == pytest.approx(37.5)  # 3 of 8


def test_kennisbank_hit_rate_counts_linked_items_and_answers_found_by_hand(world):
    world.register(world.question(when=at("2026-03-10 09:00"), knowledge=True))
    world.register(world.question(when=at("2026-03-10 09:10"), knowledge=True))
    world.register(world.question(when=at("2026-03-10 09:20"), answer_found=True))
    world.register(world.question(when=at("2026-03-10 09:30")))
    world.register(world.question(when=at("2026-03-10 09:40")))

    assert kpis_on(DAY)["kennisbank-gevonden"].value == pytest.approx(60.0)


def test_handling_time_is_counted_once_per_conversation(world):
    long_call = world.conversation(start=at("2026-03-10 09:00"), minutes=10)
    for _ in range(3):
        world.register(world.question(conversation=long_call))
    for start, minutes in (("10:00", 4), ("11:00", 6), ("12:00", 2), ("13:00", 8)):
        world.register(world.question(when=at(f"2026-03-10 {start}"), minutes=minutes))

    totals = totals_on(DAY)
    kpis = kpis_on(DAY)

    assert totals.questions == 7
    assert totals.handled_conversations == 5
    assert totals.handling_seconds == 30 * 60
    assert kpis["afhandeltijd"].value == pytest.approx(360.0)
    assert kpis["afhandeltijd"].display == "6 min 00 s"


def test_conversation_spanning_midnight_counts_each_question_on_its_own_day(world):
    call = world.conversation(start=at("2026-03-10 23:50"), minutes=30)
    world.register(
        world.question(conversation=call, when=at("2026-03-10 23:55")),
        world.question(conversation=call, when=at("2026-03-11 00:10")),
    )

    first, second = totals_on(date(2026, 3, 10)), totals_on(date(2026, 3, 11))

    assert (first.questions, first.handled_conversations, first.handling_seconds) == (1, 1, 1800)
    assert (second.questions, second.handled_conversations, second.handling_seconds) == (1, 0, 0)


def test_repeat_contact_on_day_seven_counts_and_on_day_eight_does_not(world):
    jansen, pietersen = world.party("Jansen"), world.party("Pietersen")
    world.register(world.question(when=at("2026-03-01 10:00"), product=world.passport, party=jansen))
    day_seven = world.question(when=at("2026-03-08 23:00"), product=world.passport, party=jansen)
    world.register(day_seven)
    world.register(world.question(when=at("2026-03-01 10:00"), product=world.passport, party=pietersen))
    day_eight = world.question(when=at("2026-03-09 00:30"), product=world.passport, party=pietersen)
    world.register(day_eight)

    facts = dict(QuestionFact.objects.values_list("question_id", "is_repeat"))
    assert facts[day_seven.id] is True
    assert facts[day_eight.id] is False
    assert sum(facts.values()) == 1


def test_repeat_contact_by_the_same_number_without_a_known_customer(world):
    world.register(world.question(when=at("2026-03-02 10:00"), product=world.wmo, phone="+31612345678"))
    again = world.question(when=at("2026-03-05 10:00"), product=world.wmo, phone="+31612345678")
    other_product = world.question(when=at("2026-03-05 11:00"), product=world.passport, phone="+31612345678")
    other_number = world.question(when=at("2026-03-05 12:00"), product=world.wmo, phone="+31687654321")
    world.register(again, other_product, other_number)

    facts = dict(QuestionFact.objects.values_list("question_id", "is_repeat"))
    assert (facts[again.id], facts[other_product.id], facts[other_number.id]) == (True, False, False)
    # Only a keyed hash of the number is kept.
    assert not QuestionFact.objects.filter(phone_hash__contains="612345678").exists()


def test_second_question_in_the_same_conversation_is_not_a_repeat(world):
    jansen = world.party()
    call = world.conversation(start=at("2026-03-10 09:00"))
    first = world.question(conversation=call, product=world.passport, party=jansen)
    second = world.question(conversation=call, product=world.passport, party=jansen)
    world.register(first, second)

    assert not QuestionFact.objects.filter(is_repeat=True).exists()


def test_repeat_rate_kpi(world):
    jansen = world.party()
    world.register(world.question(when=at("2026-03-09 10:00"), product=world.passport, party=jansen))
    world.register(world.question(when=at("2026-03-10 09:00"), product=world.passport, party=jansen))
    for minute in range(4):
        world.register(world.question(when=at(f"2026-03-10 10:0{minute}"), product=world.passport))

    assert kpis_on(DAY)["herhaalcontact"].value == pytest.approx(20.0)  # 1 of 5 on the 10th


def test_daylight_saving_days_use_amsterdam_day_and_hour_boundaries(world):
    def utc(text: str) -> datetime:
        return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)

    # 25 October 2026: clocks go back at 03:00 CEST, so 02:30 happens twice (00:30 and 01:30 UTC).
    for moment in ("2026-10-24 22:30", "2026-10-25 00:30", "2026-10-25 01:30", "2026-10-25 22:30"):
        world.register(world.question(when=utc(moment)))
    world.register(world.question(when=utc("2026-10-25 23:30")))  # 00:30 on the 26th in Amsterdam
    # 29 March 2026: clocks go forward at 02:00, so 00:59 UTC is 01:59 and 01:00 UTC is 03:00.
    world.register(world.question(when=utc("2026-03-29 00:59")), world.question(when=utc("2026-03-29 01:00")))

    assert totals_on(date(2026, 10, 25)).questions == 4
    assert totals_on(date(2026, 10, 26)).questions == 1
    autumn = dict(
        HourlySummary.objects.filter(date=date(2026, 10, 25))
        .values_list("hour", "questions")
        .order_by("hour")
    )
    assert autumn == {0: 1, 2: 2, 23: 1}
    spring = dict(HourlySummary.objects.filter(date=date(2026, 3, 29)).values_list("hour", "questions"))
    assert spring == {1: 1, 3: 1}
    assert not DailySummary.objects.filter(date=date(2026, 10, 24)).exists()


def test_domain_comes_from_the_product_owner_else_from_the_agents_team(world):
    world.register(world.question(when=at("2026-03-10 09:00"), product=world.passport))
    world.register(world.question(when=at("2026-03-10 09:05"), product=world.orphan))
    world.register(world.question(when=at("2026-03-10 09:10"), agent=world.evening_agent))

    facts = list(QuestionFact.objects.order_by("question_id").values_list("domain_id", "team_id"))
    kcc_domain = world.organisation["kcc_domain"].id
    assert facts == [
        (world.civil.id, world.kcc_team.id),
        (kcc_domain, world.kcc_team.id),
        (kcc_domain, world.second_team.id),
    ]


def test_small_numbers_are_suppressed(world):
    for minute in range(3):
        world.register(world.question(when=at(f"2026-03-10 09:0{minute}")))

    kpis = kpis_on(DAY)

    assert kpis["volume"].display == "<5"
    assert kpis["eerstelijns-afhandeling"].display == "<5"
    assert kpis["eerstelijns-afhandeling"].status == "onbekend"


def test_kpis_without_a_source_show_no_data_never_a_number(world):
    for minute in range(6):
        world.register(world.question(when=at(f"2026-03-10 09:0{minute}")))

    kpis = kpis_on(DAY)

    for code in ("telefoon-bereikbaarheid", "telefoon-verlaten", "terugbellen", "e-mail", "balie-wachttijd"):
        assert kpis[code].available is False
        assert kpis[code].value is None
        assert kpis[code].display == "geen gegevens"


def test_an_app_can_plug_in_a_provider_for_a_kpi(world):
    from voorkant.dashboard import kpis as registry

    original = registry.definition("telefoon-bereikbaarheid")
    registry.provider_replace(
        "telefoon-bereikbaarheid",
        provider=lambda context: registry.KpiValue(value=90.0, numerator=90, denominator=100),
        source="Telefooncentrale",
    )
    try:
        result = kpis_on(DAY)["telefoon-bereikbaarheid"]
    finally:
        registry.register(original)
    assert (result.available, result.display, result.status, result.source) == (
        True,
        "90,0 %",
        "groen",
        "Telefooncentrale",
    )


def test_where_we_lose_customers_lists_the_largest_gap_first(world):
    for minute in range(6):
        world.register(world.question(when=at(f"2026-03-10 09:0{minute}"), channel=world.desk))
    for minute in range(6):
        outcome = world.resolved if minute < 2 else world.follow_up
        world.register(world.question(when=at(f"2026-03-10 10:0{minute}"), outcome=outcome))

    choices = selectors.filter_choices()
    data = selectors.dashboard_for(selectors.Period("aangepast", DAY, DAY), selectors.Filters(), choices)

    assert data.gaps[0].segment == "Kanaal Telefoon"
    assert data.gaps[0].display == "33,3 %"
    assert all(gap.segment != "Kanaal Balie" for gap in data.gaps)


def test_open_protocol_signals_count_what_is_open_now_per_product_and_domain(world):
    from voorkant.catalogue.models import ProtocolVersion, SignalStatus
    from voorkant.catalogue.services.protocols import protocol_signal_create

    version = ProtocolVersion.objects.first()
    for index in range(7):
        signal = protocol_signal_create(
            user=None,
            version=version,
            kind="overbodig",
            reason="Deze vraag stelt de klant niet op zijn gemak",
            product=world.passport if index < 6 else world.wmo,
        )
    signal.status = SignalStatus.CLOSED  # the Wmo signal is closed: it no longer counts
    signal.save()

    assert kpis_on(DAY)["protocolsignalen"].value == 6
    assert kpis_on(DAY, domain_id=world.civil.id)["protocolsignalen"].display == "6"
    assert kpis_on(DAY, product_id=world.wmo.id)["protocolsignalen"].value == 0
    # Signals belong to a product, not to a channel: no figure that would not match the filter.
    assert kpis_on(DAY, channel_id=world.phone.id)["protocolsignalen"].display == "geen gegevens"
    assert "protocollen" in kpis_on(DAY)["protocolsignalen"].source
