"""The werkplek's product type-ahead: the municipality's own and municipal products first, and the same
synonym list the kennisbank search uses."""

import pytest

from voorkant.catalogue.models import Product
from voorkant.catalogue.selectors import product_typeahead
from voorkant.catalogue.services import product_create_local
from voorkant.knowledge.models import SynonymGroup
from voorkant.knowledge.services import synonym_group_save


@pytest.fixture
def products(db):
    Product.objects.create(name="Identiteitskaart", upl_uri="https://upl.invalid/id", is_municipal=True)
    Product.objects.create(name="Paspoort", upl_uri="https://upl.invalid/pas", is_municipal=True)
    Product.objects.create(name="Paspoortcontrole buitenland", upl_uri="https://upl.invalid/pb")
    product_create_local(name="Spoedpaspoort aan huis")


def names(query):
    return [p.name for p in product_typeahead(query=query)]


def test_own_products_first_then_municipal_then_the_rest(products):
    assert names("paspoort") == ["Spoedpaspoort aan huis", "Paspoort", "Paspoortcontrole buitenland"]


def test_a_synonym_from_the_kennisbank_list_finds_the_product(products):
    SynonymGroup.objects.all().delete()  # the kennisbank ships a starter list; start from none here
    assert names("id-kaart") == []
    synonym_group_save(terms="id-kaart, identiteitskaart", note="spreektaal")
    assert names("id-kaart") == ["Identiteitskaart"]
    assert names("id-k") == ["Identiteitskaart"]  # while typing


def test_a_name_matching_the_text_itself_comes_before_a_synonym_match(products):
    SynonymGroup.objects.all().delete()
    Product.objects.create(
        name="Reisdocument ID-kaart spoed", upl_uri="https://upl.invalid/r", is_municipal=True
    )
    synonym_group_save(terms="id-kaart, identiteitskaart")
    assert names("id-kaart") == ["Reisdocument ID-kaart spoed", "Identiteitskaart"]


def test_werkplek_type_ahead_offers_synonym_matches(client_as, products):
    synonym_group_save(terms="id-kaart, identiteitskaart")
    html = client_as("kcc").get("/werkplek/producten/", {"q": "id-kaart"}).content.decode()
    assert '<option value="Identiteitskaart">' in html


def test_type_ahead_query_count_is_the_same_for_1_and_10_suggestions(client_as, query_counter, db):
    client = client_as("kcc")
    synonym_group_save(terms="vergunning, toestemming")
    product_create_local(name="Vergunning 0")
    one = query_counter(lambda: client.get("/werkplek/producten/", {"q": "vergunning"}))
    for i in range(1, 25):
        product_create_local(name=f"Vergunning {i}")
    many = query_counter(lambda: client.get("/werkplek/producten/", {"q": "vergunning"}))
    assert one == many
