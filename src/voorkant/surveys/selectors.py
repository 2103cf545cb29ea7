"""Reads for the coordinator's results screen."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from voorkant.surveys.kpis import response_totals
from voorkant.surveys.models import SurveyInvitation, SurveyResponse


def results_summary(*, days: int = 30, today: date | None = None) -> dict:
    """Answers about contacts of the last ``days`` days, with the response rate of the invitations sent."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    totals = response_totals(start=start, end=today)
    invited = SurveyInvitation.objects.filter(created_at__date__gte=start).count()
    responses = totals["responses"]
    return {
        "start": start,
        "end": today,
        "invited": invited,
        "responses": responses,
        "response_rate": 100.0 * responses / invited if invited else None,
        "csat": 100.0 * totals["satisfied"] / responses if responses else None,
        "ces": totals["effort_sum"] / totals["effort_responses"] if totals["effort_responses"] else None,
        "answered": 100.0 * totals["answered"] / responses if responses else None,
    }


def responses_recent(*, only_dissatisfied: bool = False) -> QuerySet[SurveyResponse]:
    """Answers, newest first; the channel name comes along in the same query."""
    from django.db.models import OuterRef, Subquery

    from voorkant.contacts.models import Channel

    query = SurveyResponse.objects.annotate(
        channel_name=Subquery(Channel.objects.filter(pk=OuterRef("channel_id")).values("name")[:1])
    ).order_by("-answered_at", "-id")
    if only_dissatisfied:
        query = query.filter(satisfaction__lte=2)
    return query
