"""An employee's own figures, and the figures of the teams they lead.

Who sees what (docs/dashboard.md): an employee sees their own figures and nobody else's; a team leader sees
their team's figures as one aggregate (with the usual suppression), never a team member's; managers see
aggregates only, in the management dashboard. The only input naming an employee is the logged-in user, so
no URL or parameter can ask for someone else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from voorkant.dashboard import kpis as kpi_registry
from voorkant.dashboard.models import EmployeeDailyRollup
from voorkant.dashboard.norms import Norm
from voorkant.dashboard.periods import Filters, Period
from voorkant.dashboard.selectors.results import KpiResult, kpi_result, norms_in_force
from voorkant.dashboard.selectors.totals import DAILY_SUM_FIELDS, Totals, segments
from voorkant.organisation.models import Employee, TeamMembership

# What an agent is coached on; satisfaction stays "geen gegevens" until a survey source names the employee.
PERSONAL_KPIS = (
    "volume",
    "eerstelijns-afhandeling",
    "afhandeltijd",
    "doorverbindingen",
    "kennisbank-gevonden",
    "herhaalcontact",
    "vervolgactie",
    "tevredenheid",
)
# A team leader also watches the follow-ups routed to their team (the back office's side).
TEAM_FOLLOWUP_KPIS = (
    "vervolgacties-aangemaakt",
    "vervolgacties-op-tijd",
    "vervolgacties-te-laat",
    "vervolgacties-3x-te-laat",
    "terugbellen",
)


@dataclass(frozen=True)
class TeamFigures:
    team_id: int
    name: str
    kpis: list[KpiResult]

    @property
    def table_id(self) -> str:
        return f"tabel-team-{self.team_id}"


@dataclass(frozen=True)
class OwnFigures:
    employee: Employee | None
    period: Period
    kpis: list[KpiResult]
    led_teams: list[TeamFigures]


def employee_totals(period: Period, employee_id: int) -> Totals:
    """One query over the employee rollup: this employee's counts, per outcome category."""
    rows = (
        EmployeeDailyRollup.objects.filter(
            employee_id=employee_id, date__gte=period.start, date__lte=period.end
        )
        .values("outcome_category")
        .annotate(**{name: Sum(name) for name in DAILY_SUM_FIELDS})
        .order_by()
    )
    totals = Totals()
    for row in rows:
        totals.add(row)
    return totals


def _kpis(totals: Totals, norms: dict[str, Norm], *, suppress: bool) -> list[KpiResult]:
    results = []
    for code in PERSONAL_KPIS:
        definition = kpi_registry.definition(code)
        value = kpi_registry.segment_value(code, totals, norms) if definition.from_totals else None
        results.append(kpi_result(definition, value, norms, suppress=suppress))
    return results


def _team_figures(period: Period, team, norms: dict[str, Norm]) -> TeamFigures:
    filters = Filters(team_id=team.pk)
    totals = segments(period, filters).total
    results = _kpis(totals, norms, suppress=True)
    context = kpi_registry.KpiContext(period=period, filters=filters, totals=totals, norms=norms)
    known = {d.code: d for d in kpi_registry.definitions()}
    for code in TEAM_FOLLOWUP_KPIS:
        if code in known:
            results.append(kpi_result(known[code], known[code].provider(context), norms))
    return TeamFigures(team_id=team.pk, name=team.name, kpis=results)


def own_figures(*, user, period: Period) -> OwnFigures:
    """The logged-in user's own figures (not suppressed: they are about nobody else) and, for each team they
    lead, the team's aggregate figures (suppressed below 5 like every shared figure)."""
    employee = Employee.objects.filter(user=user).first() if user.is_authenticated else None
    if employee is None:
        return OwnFigures(employee=None, period=period, kpis=[], led_teams=[])
    norms = norms_in_force()
    led = (
        TeamMembership.objects.filter(employee=employee, is_leader=True)
        .select_related("team")
        .order_by("team__name")
    )
    teams = [_team_figures(period, membership.team, norms) for membership in led]
    return OwnFigures(
        employee=employee,
        period=period,
        kpis=_kpis(employee_totals(period, employee.pk), norms, suppress=False),
        led_teams=teams,
    )
