"""Where a new follow-up goes: the beheerder's routing rules in order (first match wins), then the product's
default follow-up team or domain, then the product's owning domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from voorkant.contacts.models import Involvement, Question
from voorkant.followups.models import CustomerType, RoutingRule
from voorkant.organisation.models import Domain, Team


@dataclass(frozen=True)
class Route:
    domain: Domain | None
    team: Team | None
    reason: str

    @property
    def found(self) -> bool:
        return self.domain is not None or self.team is not None


def customer_type_of(question: Question) -> str:
    """Inwoner, ondernemer or unknown, from the question's initiating betrokkene."""
    involvement = (
        Involvement.objects.filter(question=question)
        .order_by("-is_initiator", "id")
        .values("party__kind", "organisation_name")
        .first()
    )
    if involvement is None:
        return CustomerType.UNKNOWN
    if involvement["party__kind"] == "organisatie" or involvement["organisation_name"]:
        return CustomerType.BUSINESS
    if involvement["party__kind"] is None:
        return CustomerType.UNKNOWN
    return CustomerType.CITIZEN


def route_for(*, question: Question, at: datetime | None = None) -> Route:
    """The route for a follow-up on ``question`` made at ``at``; ``found`` is False when nothing says."""
    local_time = timezone.localtime(at or timezone.now()).time()
    rules = list(RoutingRule.objects.filter(is_active=True).select_related("domain", "team"))
    if rules:
        customer_type = customer_type_of(question)
        for rule in rules:
            if rule.matches(
                product_id=question.product_id,
                channel_id=question.channel_id,
                customer_type=customer_type,
                local_time=local_time,
            ):
                return Route(rule.domain, rule.team, f"Routeringsregel: {rule.name}")
    product = question.product
    if product is not None:
        if product.followup_team_id:
            return Route(product.followup_team.domain, product.followup_team, "Standaardteam van het product")
        if product.followup_domain_id:
            return Route(product.followup_domain, None, "Standaarddomein van het product")
        if product.owner_domain_id:
            return Route(product.owner_domain, None, "Domein dat eigenaar is van het product")
    return Route(None, None, "")
