"""Where a new follow-up goes: the routing rules in order (first match wins), then the product's default."""

from __future__ import annotations

from voorkant.contacts.models import Question
from voorkant.organisation.models import Domain, Team


def route_for(*, question: Question) -> tuple[Domain | None, Team | None]:
    """(domain, team) for a follow-up on ``question``; (None, None) when nothing says where it goes."""
    product = question.product
    if product is not None:
        if product.followup_team_id:
            return product.followup_team.domain, product.followup_team
        if product.followup_domain_id:
            return product.followup_domain, None
        if product.owner_domain_id:
            return product.owner_domain, None
    return None, None
