"""Routing: ordered rules (first match wins) before the product's default; the beheerder's screen."""

from __future__ import annotations

from datetime import time

import pytest

from tests.followups.conftest import at
from voorkant.followups.models import RoutingRule
from voorkant.followups.routing import route_for
from voorkant.followups.routing_rules import routing_rule_move, routing_rule_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def permits(organisation):
    from voorkant.organisation.services import domain_create, team_create

    domain = domain_create(code="vergunningen", name="Vergunningen")
    return {"domain": domain, "team": team_create(domain=domain, name="Omgevingsloket")}


def _rule(name, domain, **conditions):
    return routing_rule_save(values={"name": name, "domain": domain, **conditions})


def test_without_rules_the_products_default_team_decides(make_question, wmo, organisation):
    route = route_for(question=make_question(product=wmo))
    assert (route.domain, route.team) == (organisation["social_domain"], organisation["social_team"])
    assert route.reason == "Standaardteam van het product"


def test_product_with_only_an_owner_domain_goes_to_that_domain(make_question, organisation):
    from voorkant.catalogue.models import Product

    product = Product.objects.create(name="Parkeervergunning", owner_domain=organisation["kcc_domain"])
    route = route_for(question=make_question(product=product))
    assert (route.domain, route.team) == (organisation["kcc_domain"], None)


def test_first_matching_rule_wins_over_later_rules_and_the_default(make_question, wmo, permits, organisation):
    _rule("Alles over Wmo", permits["domain"], team=permits["team"], product=wmo)
    _rule("Ook Wmo, maar later", organisation["kcc_domain"], product=wmo)
    route = route_for(question=make_question(product=wmo))
    assert route.team == permits["team"] and route.reason == "Routeringsregel: Alles over Wmo"


def test_moving_a_rule_up_changes_which_one_wins(make_question, wmo, permits, organisation):
    _rule("Eerste", permits["domain"], product=wmo)
    second = _rule("Tweede", organisation["kcc_domain"], product=wmo)
    routing_rule_move(rule=second, up=True)
    assert route_for(question=make_question(product=wmo)).domain == organisation["kcc_domain"]


def test_rule_for_another_product_or_channel_does_not_match(make_question, wmo, permits):
    from voorkant.catalogue.models import Product
    from voorkant.contacts.services.klantcontacts import channel_by_name

    other = Product.objects.create(name="Paspoort")
    _rule("Paspoort", permits["domain"], product=other)
    _rule("Balie", permits["domain"], channel=channel_by_name("balie"))
    assert route_for(question=make_question(product=wmo)).domain != permits["domain"]
    assert route_for(question=make_question(product=wmo, channel="balie")).domain == permits["domain"]


def test_inactive_rule_is_skipped(make_question, wmo, permits):
    _rule("Uit", permits["domain"], product=wmo, is_active=False)
    assert route_for(question=make_question(product=wmo)).domain != permits["domain"]


def test_time_of_day_rule_matches_inside_its_window_only(make_question, wmo, permits):
    _rule("Avond", permits["domain"], time_from=time(17), time_until=time(8))  # over midnight
    question = make_question(product=wmo)
    assert route_for(question=question, at=at("2026-03-02 20:00")).domain == permits["domain"]
    assert route_for(question=question, at=at("2026-03-03 07:59")).domain == permits["domain"]
    assert route_for(question=question, at=at("2026-03-02 12:00")).domain != permits["domain"]


def test_customer_type_rule_matches_businesses_only(make_question, wmo, permits):
    from voorkant.contacts.models import Involvement

    _rule("Ondernemers", permits["domain"], customer_type="ondernemer")
    anonymous = make_question(product=wmo)
    business = make_question(product=wmo)
    Involvement.objects.create(
        question=business, organisation_name="Bakkerij BV", occurred_at=at("2026-03-02 09:30")
    )
    assert route_for(question=anonymous).domain != permits["domain"]
    assert route_for(question=business).domain == permits["domain"]


def test_new_follow_up_records_which_rule_routed_it(make_task, wmo, permits):
    _rule("Wmo naar vergunningen", permits["domain"], product=wmo)
    task = make_task()
    assert task.domain == permits["domain"]
    assert task.log_entries.get().text == "Routeringsregel: Wmo naar vergunningen"


def test_rule_with_a_team_from_another_domain_is_refused(permits, organisation):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _rule("Fout", permits["domain"], team=organisation["social_team"])
    assert not RoutingRule.objects.exists()


# --- the screen ------------------------------------------------------------------------------------------

ROLES = ["kcc", "teamleider", "backoffice", "manager", "beheerder", "redacteur", "privacy", "zonderrol"]


@pytest.mark.parametrize("username", ROLES)
def test_only_the_beheerder_may_open_the_routing_screen(client_as, username):
    response = client_as(username).get("/vervolgacties/routering/")
    assert response.status_code == (200 if username == "beheerder" else 403)


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get("/vervolgacties/routering/")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_beheerder_adds_a_rule_and_moves_it_up(client_as, permits, organisation, wmo):
    client = client_as("beheerder")
    _rule("Bestaand", organisation["kcc_domain"])
    response = client.post(
        "/vervolgacties/routering/nieuw/",
        {
            "name": "Wmo",
            "product": wmo.pk,
            "domain": permits["domain"].pk,
            "team": permits["team"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    new = RoutingRule.objects.get(name="Wmo")
    client.post(f"/vervolgacties/routering/{new.pk}/verplaatsen/", {"richting": "omhoog"})
    assert list(RoutingRule.objects.values_list("name", flat=True)) == ["Wmo", "Bestaand"]


def test_half_a_time_window_is_refused_at_the_field_and_the_form_is_kept(client_as, permits):
    response = client_as("beheerder").post(
        "/vervolgacties/routering/nieuw/",
        {"name": "Half", "domain": permits["domain"].pk, "time_from": "17:00", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Vul beide tijden in" in response.content.decode()
    assert 'value="Half"' in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_routing_list_queries_do_not_grow_with_rules(client_as, permits, query_counter):
    client = client_as("beheerder")
    _rule("Eén", permits["domain"], team=permits["team"])
    one = query_counter(lambda: client.get("/vervolgacties/routering/"))
    for index in range(24):
        _rule(f"Regel {index}", permits["domain"], team=permits["team"])
    assert query_counter(lambda: client.get("/vervolgacties/routering/")) == one
