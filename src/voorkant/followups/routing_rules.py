"""The beheerder's changes to routing rules: save, move up or down, remove. Orders are kept 10, 20, 30, …
so a move is a swap and a new rule goes last."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from voorkant.followups.models import RoutingRule

STEP = 10


def _renumber() -> None:
    for index, rule in enumerate(RoutingRule.objects.order_by("order", "id")):
        wanted = (index + 1) * STEP
        if rule.order != wanted:
            RoutingRule.objects.filter(pk=rule.pk).update(order=wanted)


@transaction.atomic
def routing_rule_save(*, rule: RoutingRule | None = None, values: dict[str, Any]) -> RoutingRule:
    """Create (last in line) or change a rule. The team must belong to the rule's domain."""
    creating = rule is None
    rule = rule or RoutingRule()
    for name, value in values.items():
        setattr(rule, name, value)
    if rule.team_id and rule.domain_id and rule.team.domain_id != rule.domain_id:
        raise ValidationError({"team": ["Dit team hoort niet bij het gekozen domein."]})
    if (rule.time_from is None) != (rule.time_until is None):
        raise ValidationError({"time_until": ["Vul beide tijden in, of geen van beide."]})
    if rule.time_from is not None and rule.time_from == rule.time_until:
        raise ValidationError({"time_until": ["De eindtijd moet anders zijn dan de begintijd."]})
    if creating:
        rule.order = (RoutingRule.objects.aggregate(m=Max("order"))["m"] or 0) + STEP
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def routing_rule_move(*, rule: RoutingRule, up: bool) -> None:
    """Swap the rule with its neighbour above (``up``) or below."""
    _renumber()
    rules = list(RoutingRule.objects.order_by("order", "id"))
    index = next(i for i, r in enumerate(rules) if r.pk == rule.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(rules):
        a, b = rules[index], rules[other]
        RoutingRule.objects.filter(pk=a.pk).update(order=b.order)
        RoutingRule.objects.filter(pk=b.pk).update(order=a.order)


@transaction.atomic
def routing_rule_delete(*, rule: RoutingRule) -> None:
    rule.delete()
    _renumber()
