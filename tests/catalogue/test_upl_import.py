from voorkant.catalogue.models import Product
from voorkant.catalogue.selectors import product_typeahead
from voorkant.catalogue.services import product_create_local, upl_import

HEADER = "UniformeProductnaam,URI,Rijk,Provincie,Waterschap,Gemeente,Burger,Bedrijf\n"


def test_full_upl_snapshot_loads_every_product_once_and_is_idempotent(db):
    first = upl_import()
    assert first.errors == []
    # 1,214 distinct URIs in the snapshot, minus the "nog niet beschikbaar" placeholder.
    assert Product.objects.count() == 1213
    assert Product.objects.filter(is_municipal=True).count() == 511
    second = upl_import()
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == 1213
    assert Product.objects.count() == 1213


def test_rows_of_one_product_are_merged_over_legal_bases(db):
    text = HEADER + (
        "paspoort,http://example.invalid/Paspoort,,,,X,X,,\n"
        "paspoort,http://example.invalid/Paspoort,,,,,,X,\n"
    )
    upl_import(text=text)
    product = Product.objects.get()
    assert product.is_municipal and product.for_citizens and product.for_businesses


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_still_load(db):
    text = HEADER + (
        "rijbewijs,http://example.invalid/Rijbewijs,,,,X,X,,\n"
        ",http://example.invalid/Leeg,,,,X,X,,\n"
        "kapot,geen-uri,,,,X,X,,\n"
    )
    report = upl_import(text=text)
    assert report.errors == ["regel 3: naam of URI ontbreekt", "regel 4: ongeldige naam of URI"]
    assert list(Product.objects.values_list("name", flat=True)) == ["rijbewijs"]


def test_missing_columns_refuse_the_file_and_load_nothing(db):
    report = upl_import(text="naam,uri\npaspoort,http://example.invalid/P\n")
    assert report.errors and report.errors[0].startswith("regel 1: kolommen ontbreken")
    assert Product.objects.count() == 0


def test_typeahead_offers_local_then_municipal_products_first(db):
    upl_import(
        text=HEADER
        + "parkeervergunning bewoners,http://example.invalid/Pv,,,,X,X,,\n"
        + "parkeren rijksterrein,http://example.invalid/Pr,X,,,,X,,\n"
    )
    product_create_local(name="Parkeervergunning zorgverlener")
    names = [p.name for p in product_typeahead(query="park")]
    assert names == ["Parkeervergunning zorgverlener", "parkeervergunning bewoners", "parkeren rijksterrein"]
