"""Changes to the product catalogue."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from voorkant.catalogue.models import Product
from voorkant.catalogue.typeahead import product_index_touch

UPL_FILE = Path(__file__).resolve().parents[1] / "data" / "UPL-actueel.csv"
UPL_REQUIRED_COLUMNS = {"UniformeProductnaam", "URI", "Gemeente", "Burger", "Bedrijf"}
# The UPL's placeholder row is not a product anyone can ask about.
UPL_PLACEHOLDER_URI = "http://standaarden.overheid.nl/owms/terms/UPL-naam_nog_niet_beschikbaar"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _flag(value: str | None) -> bool:
    return (value or "").strip().upper() == "X"


@transaction.atomic
def upl_import(*, text: str | None = None) -> ImportReport:
    """Load the Uniforme Productnamenlijst; re-runnable and idempotent, keyed on the URI.

    A product appears once per legal basis in the file, so rows with the same URI are merged (a flag set in
    any of them counts). Bad rows are reported with their line number and skipped; good rows still load.
    """
    report = ImportReport()
    source = text if text is not None else UPL_FILE.read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(source))
    missing = UPL_REQUIRED_COLUMNS - set(reader.fieldnames or [])
    if missing:
        report.errors.append(f"regel 1: kolommen ontbreken: {', '.join(sorted(missing))}")
        return report

    merged: dict[str, dict] = {}
    for line_number, row in enumerate(reader, start=2):
        name = (row.get("UniformeProductnaam") or "").strip()
        uri = (row.get("URI") or "").strip()
        if not name or not uri:
            report.errors.append(f"regel {line_number}: naam of URI ontbreekt")
            continue
        if not uri.startswith(("http://", "https://")) or len(uri) > 300 or len(name) > 200:
            report.errors.append(f"regel {line_number}: ongeldige naam of URI")
            continue
        if uri == UPL_PLACEHOLDER_URI:
            continue
        entry = merged.setdefault(
            uri, {"name": name, "is_municipal": False, "for_citizens": False, "for_businesses": False}
        )
        entry["is_municipal"] |= _flag(row.get("Gemeente"))
        entry["for_citizens"] |= _flag(row.get("Burger"))
        entry["for_businesses"] |= _flag(row.get("Bedrijf"))

    existing = {p.upl_uri: p for p in Product.objects.filter(upl_uri__in=list(merged))}
    to_create, to_update = [], []
    for uri, values in merged.items():
        product = existing.get(uri)
        if product is None:
            to_create.append(Product(upl_uri=uri, is_local=False, **values))
            continue
        changed = False
        for attr, value in values.items():
            if getattr(product, attr) != value:
                setattr(product, attr, value)
                changed = True
        if changed:
            to_update.append(product)
        else:
            report.unchanged += 1
    Product.objects.bulk_create(to_create, batch_size=500)
    Product.objects.bulk_update(
        to_update, ["name", "is_municipal", "for_citizens", "for_businesses"], batch_size=500
    )
    if to_create or to_update:
        # bulk_create and bulk_update send no signals.
        product_index_touch()
    report.created = len(to_create)
    report.updated = len(to_update)
    return report


@transaction.atomic
def product_create_local(
    *,
    name: str,
    owner_domain=None,
    upl_uri: str = "",
    for_citizens: bool = True,
    for_businesses: bool = False,
) -> Product:
    """A product the municipality adds itself; offered before UPL products in the type-ahead."""
    product = Product(
        name=name.strip(),
        upl_uri=upl_uri.strip(),
        owner_domain=owner_domain,
        is_local=True,
        is_municipal=True,
        for_citizens=for_citizens,
        for_businesses=for_businesses,
    )
    product.full_clean()
    product.save()
    return product
