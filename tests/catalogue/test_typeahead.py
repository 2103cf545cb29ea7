"""The werkplek's product type-ahead: the municipality's own and municipal products first, and the same
synonym list the kennisbank search uses. Each rule holds for the in-memory index the werkplek uses and for
the SQL query it must agree with."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from voorkant.catalogue.models import Product
from voorkant.catalogue.selectors import product_typeahead, product_typeahead_sql
from voorkant.catalogue.services import product_create_local
from voorkant.catalogue.typeahead import ProductIndex
from voorkant.knowledge.models import SynonymGroup
from voorkant.knowledge.services import synonym_group_save


@pytest.fixture
def products(db):
    Product.objects.create(name="Identiteitskaart", upl_uri="https://upl.invalid/id", is_municipal=True)
    Product.objects.create(name="Paspoort", upl_uri="https://upl.invalid/pas", is_municipal=True)
    Product.objects.create(name="Paspoortcontrole buitenland", upl_uri="https://upl.invalid/pb")
    product_create_local(name="Spoedpaspoort aan huis")


@pytest.fixture(params=["index", "sql"])
def names(request):
    search = product_typeahead if request.param == "index" else product_typeahead_sql
    return lambda query: [p.name for p in search(query=query)]


def test_own_products_first_then_municipal_then_the_rest(products, names):
    assert names("paspoort") == ["Spoedpaspoort aan huis", "Paspoort", "Paspoortcontrole buitenland"]


def test_a_synonym_from_the_kennisbank_list_finds_the_product(products, names):
    SynonymGroup.objects.all().delete()  # the kennisbank ships a starter list; start from none here
    assert names("id-kaart") == []
    synonym_group_save(terms="id-kaart, identiteitskaart", note="spreektaal")
    assert names("id-kaart") == ["Identiteitskaart"]
    assert names("id-k") == ["Identiteitskaart"]  # while typing


def test_a_name_matching_the_text_itself_comes_before_a_synonym_match(products, names):
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


# --- The in-memory index agrees with the SQL query and follows every change ---------------------------------


@pytest.fixture
def catalogue(db):
    """The whole UPL, local products and the bench's synonym groups: the catalogue agents really search."""
    from voorkant.catalogue.services import upl_import

    upl_import()
    words = ["afval", "parkeren", "subsidie", "melding", "vergunning", "pas", "uitkering", "zorg"]
    for i in range(60):
        product_create_local(name=f"Eigen regeling {words[i % len(words)]} {i:03d}")
    product_create_local(name="Paspoort")  # the same name as a UPL product: rank decides, then the id
    Product.objects.filter(name__startswith="Eigen regeling zorg").update(is_active=False)
    for terms in ["id-kaart, identiteitskaart", "afval, vuilnis", "uitkering, bijstand", "wmo, zorg thuis"]:
        synonym_group_save(terms=terms)
    return list(Product.objects.values_list("name", flat=True))


def typed_texts(names, count=400, seed=4):
    """What agents type: prefixes and infixes of real names, in any case, with stray spaces, and synonyms."""
    rng = random.Random(seed)
    texts = ["id-kaart", "vuilnis", "bijstand", "zorg thuis", "ID-K", "  pas  ", "x", "zzzz", "é"]
    for _ in range(count):
        name = rng.choice(names)
        start = rng.choice([0, 0, rng.randrange(len(name))])
        text = name[start : start + rng.randint(1, 8)]
        texts.append(rng.choice([text, text.upper(), text.lower(), f" {text}"]))
    return texts


def test_index_and_sql_give_the_same_suggestions_in_the_same_order(catalogue):
    for text in typed_texts(catalogue):
        for limit in (10, 3):
            expected = [p.pk for p in product_typeahead_sql(query=text, limit=limit)]
            assert [p.pk for p in product_typeahead(query=text, limit=limit)] == expected, text


def test_index_leaves_out_inactive_products(catalogue):
    found = [p.name for p in product_typeahead(query="eigen regeling zorg")]
    assert found == []
    assert [p.name for p in product_typeahead(query="eigen regeling afval")]


def test_a_change_in_another_process_reaches_this_process_copy_at_the_next_search(products):
    # A second index stands in for another worker that loaded the list before the changes.
    other = ProductIndex()
    assert [p.name for p in other.search(query="paspoort")][0] == "Spoedpaspoort aan huis"
    spoed = Product.objects.get(name="Spoedpaspoort aan huis")
    spoed.name = "Spoedpaspoort thuisbezorgd"
    spoed.save()
    assert [p.name for p in other.search(query="thuisbez")] == ["Spoedpaspoort thuisbezorgd"]
    Product.objects.filter(pk=spoed.pk).get().delete()
    assert [p.name for p in other.search(query="paspoort")] == ["Paspoort", "Paspoortcontrole buitenland"]
    passport = Product.objects.get(name="Paspoort")
    passport.is_active = False
    passport.save()
    assert [p.name for p in other.search(query="paspoort")] == ["Paspoortcontrole buitenland"]
    group = synonym_group_save(terms="reisdocument, paspoortcontrole")
    assert [p.name for p in other.search(query="reisdoc")] == ["Paspoortcontrole buitenland"]
    from voorkant.knowledge.services import synonym_group_delete

    synonym_group_delete(group=group)
    assert [p.name for p in other.search(query="reisdoc")] == []


def test_an_import_reaches_the_copy_although_bulk_writes_send_no_signals(db):
    from voorkant.catalogue.services import upl_import

    other = ProductIndex()
    assert other.search(query="parkeervergunning") == []
    upl_import(
        text="UniformeProductnaam,URI,Rijk,Provincie,Waterschap,Gemeente,Burger,Bedrijf\n"
        "parkeervergunning bewoners,http://example.invalid/Pv,,,,X,X,,\n"
    )
    assert [p.name for p in other.search(query="parkeervergunning")] == ["parkeervergunning bewoners"]


def test_an_unchanged_list_is_not_reloaded_and_costs_one_small_query(products):
    index = ProductIndex()
    index.search(query="paspoort")
    loads = index.loads
    with CaptureQueriesContext(connection) as ctx:
        found = index.search(query="pasp")
    assert [p.name for p in found] == ["Spoedpaspoort aan huis", "Paspoort", "Paspoortcontrole buitenland"]
    assert index.loads == loads
    assert len(ctx.captured_queries) == 1
    assert "catalogue_productindexstate" in ctx.captured_queries[0]["sql"]


def test_werkplek_type_ahead_reads_no_product_rows_once_the_copy_is_current(client_as, products):
    client = client_as("kcc")
    client.get("/werkplek/producten/", {"q": "pas"})
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/werkplek/producten/", {"q": "paspoort"}).content.decode()
    assert html.index("Spoedpaspoort aan huis") < html.index('"Paspoort"')
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert '"catalogue_product"' not in tables and "knowledge_synonymgroup" not in tables
    # The session, the user, their permissions (one query), and the product list's token: nothing else.
    assert len(ctx.captured_queries) == 4
