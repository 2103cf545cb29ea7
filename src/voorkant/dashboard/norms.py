"""Default service norms, each with the source it comes from; the functional administrator may override them.

A KPI is green when it meets its norm, amber when it misses by no more than the norm's margin (percentage
points), red beyond that. Every norm is expressed as a percentage so one rule colours every KPI.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from voorkant.dashboard.models import NormDirection


@dataclass(frozen=True)
class NormDefault:
    code: str
    label: str
    target_percentage: Decimal
    direction: str
    threshold: int | None
    threshold_unit: str
    source: str
    amber_margin: Decimal = Decimal("5")


DEFAULT_NORMS: tuple[NormDefault, ...] = (
    NormDefault(
        code="eerstelijns-afhandeling",
        label="Vragen in het eerste contact afgehandeld",
        target_percentage=Decimal("80"),
        direction=NormDirection.AT_LEAST,
        threshold=None,
        threshold_unit="",
        source="Antwoord©-ambitie: 80 % door de frontoffice beantwoord; Tilburg (programmabegroting)",
    ),
    NormDefault(
        code="telefoon-bereikbaarheid",
        label="Telefoon binnen de grens opgenomen",
        target_percentage=Decimal("85"),
        direction=NormDirection.AT_LEAST,
        threshold=15,
        threshold_unit="seconden",
        source="NEN 8878: 85 % binnen 15 seconden",
    ),
    NormDefault(
        code="telefoon-verlaten",
        label="Bellers die ophangen voor ze iemand spreken",
        target_percentage=Decimal("5"),
        direction=NormDirection.AT_MOST,
        threshold=None,
        threshold_unit="",
        source="Gemeente Tilburg (programmabegroting): hoogstens 5 % verlaten oproepen",
        amber_margin=Decimal("2"),
    ),
    NormDefault(
        code="terugbellen",
        label="Terugbelverzoeken op tijd",
        target_percentage=Decimal("100"),
        direction=NormDirection.AT_LEAST,
        threshold=2,
        threshold_unit="werkdagen",
        source="Gemeentelijke servicenormen (Laren, Nissewaard): terugbellen binnen 2 werkdagen",
        amber_margin=Decimal("10"),
    ),
    NormDefault(
        code="e-mail",
        label="E-mail op tijd beantwoord",
        target_percentage=Decimal("85"),
        direction=NormDirection.AT_LEAST,
        threshold=2,
        threshold_unit="werkdagen",
        source="Gedragslijn rijksoverheid (2 werkdagen); gemeente Tilburg: 85 % binnen 2 werkdagen",
    ),
    NormDefault(
        code="doorverbindingen",
        label="Doorverbonden vragen binnen het maximum aantal doorverbindingen",
        target_percentage=Decimal("100"),
        direction=NormDirection.AT_LEAST,
        threshold=2,
        threshold_unit="doorverbindingen",
        source="Servicenormen gemeente Alphen aan den Rijn: hoogstens 2 keer doorverbinden",
    ),
)

DEFAULTS_BY_CODE = {norm.code: norm for norm in DEFAULT_NORMS}


@dataclass(frozen=True)
class Norm:
    """A norm in force: the default, or the administrator's override with the default's source kept."""

    code: str
    label: str
    target_percentage: Decimal
    direction: str
    threshold: int | None
    threshold_unit: str
    amber_margin: Decimal
    source: str
    is_default: bool

    @property
    def description(self) -> str:
        sign = "≥" if self.direction == NormDirection.AT_LEAST else "≤"
        text = f"{sign} {self.target_percentage:g} %"
        if self.threshold is not None:
            text += f" (grens {self.threshold} {self.threshold_unit})"
        return text

    def status(self, value: float | None) -> str:
        """'groen', 'oranje' or 'rood' for a percentage; 'onbekend' without a value."""
        if value is None:
            return "onbekend"
        target = float(self.target_percentage)
        shortfall = target - value if self.direction == NormDirection.AT_LEAST else value - target
        if shortfall <= 1e-9:
            return "groen"
        if shortfall <= float(self.amber_margin):
            return "oranje"
        return "rood"

    def shortfall(self, value: float) -> float:
        target = float(self.target_percentage)
        return target - value if self.direction == NormDirection.AT_LEAST else value - target
