"""The dashboard's satisfaction KPIs, from the survey answers (CSAT, CES and "answered, says the customer").

Answers count for the day and channel of the contact they are about. A domain, product or team filter keeps
the answers about a contact with at least one question in that slice, found through the dashboard's
per-question facts, which outlive the contact's own retention period.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Sum

from voorkant.surveys.models import AnsweredChoice, SurveyResponse

SOURCE = "Klanttevredenheidsonderzoek na het contact (enquête per e-mail, voorkant.surveys)"


def response_totals(*, start, end, channel_id=None, domain_id=None, product_id=None, team_id=None) -> dict:
    """Counts and sums of the answers about contacts between two dates (inclusive), for any slice."""
    query = SurveyResponse.objects.filter(contact_date__gte=start, contact_date__lte=end)
    if channel_id:
        query = query.filter(channel_id=channel_id)
    dimensions = {
        name: value
        for name, value in (("domain_id", domain_id), ("product_id", product_id), ("team_id", team_id))
        if value
    }
    if dimensions:
        from voorkant.dashboard.models import QuestionFact

        query = query.filter(
            Exists(QuestionFact.objects.filter(conversation_id=OuterRef("conversation_ref"), **dimensions))
        )
    return query.aggregate(
        responses=Count("id"),
        satisfied=Count("id", filter=Q(satisfaction__gte=4)),
        effort_sum=Sum("effort"),
        effort_responses=Count("effort"),
        answered=Count("id", filter=Q(answered=AnsweredChoice.YES)),
    )


def _totals(context) -> dict | None:
    filters = context.filters
    totals = response_totals(
        start=context.period.start,
        end=context.period.end,
        channel_id=filters.channel_id,
        domain_id=filters.domain_id,
        product_id=filters.product_id,
        team_id=filters.team_id,
    )
    return totals if totals["responses"] else None


def satisfaction(context):
    """CSAT: the share of answers that say satisfied or very satisfied (4 or 5 out of 5)."""
    from voorkant.dashboard.kpis import KpiValue

    totals = _totals(context)
    if totals is None:
        return None
    return KpiValue(
        value=100.0 * totals["satisfied"] / totals["responses"],
        numerator=totals["satisfied"],
        denominator=totals["responses"],
    )


def effort(context):
    """CES: the average effort the customer reports, 1 (very little) to 5 (very much); lower is better."""
    from voorkant.dashboard.kpis import KpiValue

    totals = _totals(context)
    if totals is None or not totals["effort_responses"]:
        return None
    return KpiValue(
        value=totals["effort_sum"] / totals["effort_responses"],
        numerator=None,
        denominator=totals["effort_responses"],
    )


def answered(context):
    """The share of answers in which the customer says the question was answered (fully)."""
    from voorkant.dashboard.kpis import KpiValue

    totals = _totals(context)
    if totals is None:
        return None
    return KpiValue(
        value=100.0 * totals["answered"] / totals["responses"],
        numerator=totals["answered"],
        denominator=totals["responses"],
    )


def register() -> None:
    from voorkant.dashboard.kpis import KpiDefinition, provider_replace
    from voorkant.dashboard.kpis import register as register_kpi

    provider_replace(
        "tevredenheid",
        provider=satisfaction,
        source=SOURCE,
        unit="%",
        explanation="Aandeel antwoorden 'tevreden' of 'zeer tevreden' (4 of 5 op een schaal van 5): CSAT.",
    )
    register_kpi(
        KpiDefinition(
            code="klantinspanning",
            label="Moeite voor de klant (CES)",
            unit="score",
            source=SOURCE,
            provider=effort,
            explanation=(
                "Gemiddelde moeite die de klant ervoer, van 1 (zeer weinig) tot 5 (zeer veel); lager is beter"
            ),
        )
    )
    register_kpi(
        KpiDefinition(
            code="beantwoord-volgens-klant",
            label="Vraag beantwoord volgens de klant",
            unit="%",
            source=SOURCE,
            provider=answered,
            explanation="Aandeel antwoorden waarin de klant zegt dat de vraag helemaal is beantwoord.",
        )
    )
