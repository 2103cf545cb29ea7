"""Reads of products and protocols."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from voorkant.catalogue.models import Product, ProtocolVersion, VersionStatus

DEFAULT_PROTOCOL_CODE = "standaard"


def default_protocol_version() -> ProtocolVersion:
    """The newest published version of the default protocol, used until a product names its own."""
    return (
        ProtocolVersion.objects.filter(protocol__code=DEFAULT_PROTOCOL_CODE, status=VersionStatus.PUBLISHED)
        .select_related("protocol")
        .prefetch_related("fields")
        .order_by("-number")
        .first()
    )


def product_typeahead(*, query: str, limit: int = 10) -> QuerySet[Product]:
    """Active products matching the typed text: the municipality's own first, then municipal UPL products,
    then the rest; names starting with the text before names containing it."""
    text = query.strip()
    if not text:
        return Product.objects.none()
    return (
        Product.objects.filter(is_active=True, name__icontains=text)
        .annotate(
            rank=Case(
                When(is_local=True, then=Value(0)),
                When(is_municipal=True, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            prefix=Case(
                When(name__istartswith=text, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
        )
        .select_related("owner_domain")
        .order_by("rank", "prefix", "name")[:limit]
    )


def protocol_version_for_product(*, product) -> ProtocolVersion:
    """The published version of the product's protocol, or of the default protocol when it names none."""
    if product is not None and product.protocol_id is not None:
        version = (
            ProtocolVersion.objects.filter(protocol_id=product.protocol_id, status=VersionStatus.PUBLISHED)
            .select_related("protocol")
            .prefetch_related("fields")
            .order_by("-number")
            .first()
        )
        if version is not None:
            return version
    return default_protocol_version()
