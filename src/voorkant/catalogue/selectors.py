"""Reads of products and protocols."""

from __future__ import annotations

from voorkant.catalogue.models import ProtocolVersion

DEFAULT_PROTOCOL_CODE = "standaard"


def default_protocol_version() -> ProtocolVersion:
    """The newest published version of the default protocol, used until a product names its own."""
    return (
        ProtocolVersion.objects.filter(protocol__code=DEFAULT_PROTOCOL_CODE, published_at__isnull=False)
        .select_related("protocol")
        .order_by("-number")
        .first()
    )
