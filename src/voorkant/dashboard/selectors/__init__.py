"""Every read the dashboard makes, split by aggregate. Only rollups, facts, norms and reference tables:
never a question table (a test inspects the SQL).

- ``totals``: sums of the question rollups for a period and filters;
- ``results``: KPIs against their norms, and the gaps ("where do we lose customers");
- ``charts``: the series behind each chart and its table;
- ``overview``: the whole dashboard, the KPI list for the API, and the filter choices;
- ``personal``: an employee's own figures and their team leader's team figures.
"""

from voorkant.dashboard.periods import Filters, Period
from voorkant.dashboard.selectors.charts import breakdown, heatmap, hourly_today, trend
from voorkant.dashboard.selectors.overview import (
    Choices,
    Dashboard,
    dashboard_for,
    filter_choices,
    kpis_only,
    rollup_version,
)
from voorkant.dashboard.selectors.results import Gap, KpiResult, gaps_for, kpis_for, norms_in_force
from voorkant.dashboard.selectors.totals import Segments, Totals, segments

__all__ = [
    "Choices",
    "Dashboard",
    "Filters",
    "Gap",
    "KpiResult",
    "Period",
    "Segments",
    "Totals",
    "breakdown",
    "dashboard_for",
    "filter_choices",
    "gaps_for",
    "heatmap",
    "hourly_today",
    "kpis_for",
    "kpis_only",
    "norms_in_force",
    "rollup_version",
    "segments",
    "trend",
]
