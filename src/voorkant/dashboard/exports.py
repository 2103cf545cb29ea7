"""CSV and XLSX exports of what the manager sees, suppressed as on screen (no names, no identifiers)."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font

from voorkant.dashboard.selectors import Dashboard


def export_sections(
    data: Dashboard, filter_labels: list[tuple[str, str]]
) -> list[tuple[str, list[list[str]]]]:
    """(title, rows) per section; the first row of each is the header. Values are display strings."""
    about = [["Gegeven", "Waarde"], ["Periode", data.period.label]] + [[k, v] for k, v in filter_labels]
    kpis = [["KPI", "Waarde", "Norm", "Status", "Bron"]] + [
        [k.label, k.display, k.norm.description if k.norm else "geen norm", k.status, k.source]
        for k in data.kpis
    ]
    gaps = [["KPI", "Waar", "Waarde", "Norm", "Status"]] + [
        [g.label, g.segment, g.display, g.norm.description, g.status] for g in data.gaps
    ]
    trend = [["Periode", "Vragen", "In eerste contact afgehandeld"]] + [
        [row["label"], row["questions_display"], row["fcr_display"]] for row in data.trend
    ]
    channels = [["Kanaal", "Vragen", "In eerste contact afgehandeld"]] + [
        [row["label"], row["questions_display"], row["fcr_display"]] for row in data.by_channel
    ]
    domains = [["Domein", "Vragen", "In eerste contact afgehandeld"]] + [
        [row["label"], row["questions_display"], row["fcr_display"]] for row in data.by_domain
    ]
    heat = [["Uur"] + data.heatmap["weekdays"]] + [
        [row["hour"]] + [cell["display"] for cell in row["cells"]] for row in data.heatmap["rows"]
    ]
    return [
        ("Selectie", about),
        ("KPI's", kpis),
        ("Grootste verschillen", gaps),
        ("Verloop", trend),
        ("Per kanaal", channels),
        ("Per domein", domains),
        ("Uur en weekdag", heat),
    ]


def own_figures_sections(figures) -> list[tuple[str, list[list[str]]]]:
    """The own-figures page as sections: the period, the employee's own KPIs, each led team as a whole.

    Like the page, it names nobody but the logged-in employee and no team member.
    """
    header = ["KPI", "Waarde", "Norm", "Status", "Bron"]

    def rows(kpis):
        return [header] + [
            [k.label, k.display, k.norm.description if k.norm else "geen norm", k.status, k.source]
            for k in kpis
        ]

    sections = [("Selectie", [["Gegeven", "Waarde"], ["Periode", figures.period.label]])]
    sections.append(("Mijn cijfers", rows(figures.kpis)))
    sections += [(f"Team {team.name}", rows(team.kpis)) for team in figures.led_teams]
    return sections


def export_response(sections, *, fmt: str, name: str):
    """An attachment in the chosen format: real XLSX, or CSV (semicolons, UTF-8 with a byte-order mark)."""
    from django.http import HttpResponse

    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx(sections),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(to_csv(sections), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{"xlsx" if fmt == "xlsx" else "csv"}"'
    return response


def to_csv(sections) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for index, (title, rows) in enumerate(sections):
        if index:
            writer.writerow([])
        writer.writerow([title])
        writer.writerows(rows)
    # A byte-order mark lets spreadsheet programs read the UTF-8 (é, ©, ≥) correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


COUNT = re.compile(r"^\d{1,3}(\.\d{3})*$")
PERCENTAGE = re.compile(r"^(\d+),(\d) %$")


def _cell(value: str):
    """Counts and percentages become numbers a spreadsheet can compute with; "<5" and text stay text."""
    if COUNT.match(value):
        return int(value.replace(".", "")), None
    match = PERCENTAGE.match(value)
    if match:
        return float(f"{match.group(1)}.{match.group(2)}") / 100, "0.0%"
    return value, None


def to_xlsx(sections) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sections:
        sheet = workbook.create_sheet(title=title.replace("'", "")[:31])
        for index, row in enumerate(rows):
            if index == 0:
                sheet.append(row)
                continue
            cells = [_cell(value) for value in row]
            sheet.append([value for value, _ in cells])
            for column, (_, number_format) in enumerate(cells, start=1):
                if number_format:
                    sheet.cell(row=sheet.max_row, column=column).number_format = number_format
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
