from django import template

from voorkant.dashboard.display import format_percentage

register = template.Library()


@register.filter
def percentage(value):
    return "–" if value is None else format_percentage(value)


@register.filter
def score(value):
    return "–" if value is None else f"{value:.1f}".replace(".", ",")
