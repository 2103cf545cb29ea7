"""The KPI registry: every KPI names its source and a provider that computes it, or says there is no data.

Question KPIs are computed here from the rollups. KPIs whose source is another app (telephony, follow-ups,
e-mail, desk, satisfaction surveys, protocols) are registered with a provider that returns ``None`` until
that app replaces it from its ``AppConfig.ready()``::

    from voorkant.dashboard.kpis import provider_replace
    provider_replace("telefoon-bereikbaarheid", provider=service_level, source="Telefooncentrale")

A provider receives a ``KpiContext`` (period, filters, and the question totals already summed) and returns a
``KpiValue`` or ``None`` ("geen gegevens"). It must read rollups or other aggregates, never raw personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from voorkant.dashboard.selectors import Filters, Period, Totals


@dataclass(frozen=True)
class KpiValue:
    value: float | None
    numerator: int | None = None
    denominator: int | None = None


@dataclass(frozen=True)
class KpiContext:
    period: Period
    filters: Filters
    totals: Totals
    norms: dict
    # Providers that share one read (the follow-up KPIs) keep it here for the rest of the request.
    cache: dict = field(default_factory=dict, compare=False)


Provider = Callable[[KpiContext], "KpiValue | None"]


@dataclass(frozen=True)
class KpiDefinition:
    code: str
    label: str
    unit: str  # "aantal", "%" or "seconden"
    source: str
    provider: Provider
    norm_code: str | None = None
    # True when it is computed per segment from question totals (for "where do we lose customers").
    from_totals: bool = False
    explanation: str = ""


def _rate(numerator: int, denominator: int) -> KpiValue:
    value = 100.0 * numerator / denominator if denominator else None
    return KpiValue(value=value, numerator=numerator, denominator=denominator)


def _no_data(context: KpiContext) -> KpiValue | None:
    return None


def volume(t: Totals) -> KpiValue:
    return KpiValue(value=float(t.questions), numerator=t.questions, denominator=None)


def first_contact_resolution(t: Totals) -> KpiValue:
    return _rate(t.resolved, t.questions)


def transfers_within_norm(t: Totals, limit: int) -> KpiValue:
    over = sum(count for transfers, count in t.transferred_by_count.items() if transfers > limit)
    return _rate(t.transferred - over, t.transferred)


def transfers_connected(t: Totals) -> KpiValue:
    return _rate(t.transfers_connected, t.transfers)


def transfers_right_person(t: Totals) -> KpiValue:
    return _rate(t.transfers_right_person, t.transfers)


def knowledge_hit_rate(t: Totals) -> KpiValue:
    return _rate(t.answer_found, t.questions)


def handling_time(t: Totals) -> KpiValue:
    value = t.handling_seconds / t.handled_conversations if t.handled_conversations else None
    return KpiValue(value=value, numerator=None, denominator=t.handled_conversations)


def repeat_rate(t: Totals) -> KpiValue:
    return _rate(t.repeats, t.questions)


def follow_up_rate(t: Totals) -> KpiValue:
    return _rate(t.follow_up, t.questions)


QUESTIONS_SOURCE = "Geregistreerde vragen (klantcontacten)"
TRANSFERS_SOURCE = "Doorverbindingen geregistreerd bij de vragen"

_REGISTRY: dict[str, KpiDefinition] = {}


def register(definition: KpiDefinition) -> None:
    _REGISTRY[definition.code] = definition


def provider_replace(
    code: str, *, provider: Provider, source: str, unit: str | None = None, explanation: str | None = None
) -> None:
    """Let an app that owns a KPI's source supply it (telephony, follow-ups, ...) and say what it measures."""
    changes = {"provider": provider, "source": source}
    if unit is not None:
        changes["unit"] = unit
    if explanation is not None:
        changes["explanation"] = explanation
    _REGISTRY[code] = replace(_REGISTRY[code], **changes)


def definitions() -> list[KpiDefinition]:
    return list(_REGISTRY.values())


def definition(code: str) -> KpiDefinition:
    return _REGISTRY[code]


def segment_value(code: str, totals: Totals, norms: dict) -> KpiValue | None:
    """A question KPI for any slice of totals (used for segments and in tests)."""
    if code == "doorverbindingen":
        limit = norms["doorverbindingen"].threshold or 2
        return transfers_within_norm(totals, limit)
    return _TOTALS_FUNCTIONS[code](totals)


_TOTALS_FUNCTIONS: dict[str, Callable[[Totals], KpiValue]] = {
    "volume": volume,
    "eerstelijns-afhandeling": first_contact_resolution,
    "doorverbonden-geslaagd": transfers_connected,
    "doorverbonden-juiste-persoon": transfers_right_person,
    "kennisbank-gevonden": knowledge_hit_rate,
    "afhandeltijd": handling_time,
    "herhaalcontact": repeat_rate,
    "vervolgactie": follow_up_rate,
}


def _from_totals(code: str) -> Provider:
    return lambda context: _TOTALS_FUNCTIONS[code](context.totals)


def _transfers_provider(context: KpiContext) -> KpiValue | None:
    return transfers_within_norm(context.totals, context.norms["doorverbindingen"].threshold or 2)


for _code, _label, _unit, _source, _norm, _explanation in (
    ("volume", "Aantal vragen", "aantal", QUESTIONS_SOURCE, None, "Alle geregistreerde vragen."),
    (
        "eerstelijns-afhandeling",
        "In het eerste contact afgehandeld",
        "%",
        QUESTIONS_SOURCE + " met een uitkomst 'afgehandeld'",
        "eerstelijns-afhandeling",
        "Deel van de vragen dat de KCC zelf afhandelde.",
    ),
    (
        "herhaalcontact",
        "Herhaalcontact binnen 7 dagen",
        "%",
        QUESTIONS_SOURCE + " (zelfde klant of telefoonnummer, zelfde product)",
        None,
        "Deel van de vragen waarover dezelfde klant binnen 7 dagen al contact had: "
        "een teken dat het antwoord niet hielp.",
    ),
    (
        "vervolgactie",
        "Vragen met een vervolgactie",
        "%",
        QUESTIONS_SOURCE + " met een uitkomst 'vervolgactie'",
        None,
        "Deel van de vragen dat een terugbelverzoek of taak werd.",
    ),
    (
        "doorverbonden-geslaagd",
        "Doorverbinding tot stand gekomen",
        "%",
        TRANSFERS_SOURCE,
        None,
        "Deel van de doorverbindingen waarbij iemand opnam.",
    ),
    (
        "doorverbonden-juiste-persoon",
        "Doorverbonden met de juiste persoon",
        "%",
        TRANSFERS_SOURCE,
        None,
        "Deel van de doorverbindingen waarbij de klant de juiste persoon sprak.",
    ),
    (
        "kennisbank-gevonden",
        "Antwoord gevonden in de kennisbank",
        "%",
        QUESTIONS_SOURCE + " (gekoppeld kennisitem of 'antwoord gevonden')",
        None,
        "Deel van de vragen waarbij het antwoord in de kennisbank stond.",
    ),
    (
        "afhandeltijd",
        "Gemiddelde gespreksduur",
        "seconden",
        "Begin- en eindtijd van de gesprekken",
        None,
        "Van begin tot einde van een gesprek, één keer geteld per gesprek.",
    ),
):
    register(
        KpiDefinition(
            code=_code,
            label=_label,
            unit=_unit,
            source=_source,
            provider=_from_totals(_code),
            norm_code=_norm,
            from_totals=True,
            explanation=_explanation,
        )
    )

register(
    KpiDefinition(
        code="doorverbindingen",
        label="Doorverbonden vragen binnen het maximum aantal doorverbindingen",
        unit="%",
        source=TRANSFERS_SOURCE,
        provider=_transfers_provider,
        norm_code="doorverbindingen",
        from_totals=True,
        explanation="Deel van de doorverbonden vragen dat niet vaker dan de norm werd doorverbonden.",
    )
)

# Sources that do not exist yet: shown as "geen gegevens" until their app replaces the provider.
for _code, _label, _norm, _source in (
    (
        "telefoon-bereikbaarheid",
        "Telefoon op tijd opgenomen",
        "telefoon-bereikbaarheid",
        "Telefonie (nog niet gekoppeld)",
    ),
    (
        "telefoon-verlaten",
        "Bellers die ophangen voor ze iemand spreken",
        "telefoon-verlaten",
        "Telefonie (nog niet gekoppeld)",
    ),
    ("terugbellen", "Terugbelverzoeken op tijd", "terugbellen", "Vervolgacties (nog niet gekoppeld)"),
    ("e-mail", "E-mail op tijd beantwoord", "e-mail", "Aankomsttijden van e-mail (nog niet vastgelegd)"),
    ("balie-wachttijd", "Wachttijd aan de balie", None, "Balie- of afsprakensysteem (nog niet gekoppeld)"),
    ("tevredenheid", "Klanttevredenheid", None, "Klanttevredenheidsonderzoek (nog niet gekoppeld)"),
    ("protocolsignalen", "Open protocolsignalen (nu)", None, "Registratieprotocollen (nog niet gekoppeld)"),
):
    register(
        KpiDefinition(
            code=_code,
            label=_label,
            unit="%" if _norm else "aantal",
            source=_source,
            provider=_no_data,
            norm_code=_norm,
        )
    )
