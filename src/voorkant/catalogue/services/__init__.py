"""Changes to the catalogue: products (products.py) and registration protocols (protocols.py)."""

from voorkant.catalogue.services.products import ImportReport, product_create_local, upl_import
from voorkant.catalogue.services.protocols import (
    FieldSpec,
    answer_is_filler,
    answers_clean,
    proposal_decide,
    protocol_create,
    protocol_propose,
    protocol_signal_create,
)

__all__ = [
    "FieldSpec",
    "ImportReport",
    "answer_is_filler",
    "answers_clean",
    "product_create_local",
    "proposal_decide",
    "protocol_create",
    "protocol_propose",
    "protocol_signal_create",
    "upl_import",
]
