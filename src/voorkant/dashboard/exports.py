"""CSV and XLSX exports of what the manager sees, suppressed as on screen (no names, no identifiers)."""

from __future__ import annotations

import csv
import io

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


def to_xlsx(sections) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sections:
        sheet = workbook.create_sheet(title=title.replace("'", "")[:31])
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
