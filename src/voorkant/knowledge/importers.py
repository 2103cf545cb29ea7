"""Loading kennisbank content from outside: the Rijksoverheid VAC and a municipality's own CSV/JSON exports.

Imports are idempotent: an item is found again by its kind and source id (for the VAC the record's `id` uuid)
and only changed content makes a new version. A bad row is reported with its line number and skipped; the
other rows still load.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from voorkant.knowledge.models import ArticleSection, ItemKind, KnowledgeItem
from voorkant.knowledge.services import item_create, item_update
from voorkant.organisation.models import Domain

VAC_DIRECTORY = Path(__file__).resolve().parent / "data" / "rijksoverheid-vac"
VAC_SOURCE_NAME = "Rijksoverheid.nl (CC0 1.0, Ministerie van Algemene Zaken)"
IMPORT_ACTOR = "import_knowledge"

# Column names of a municipality's export (Dutch, as the editors know them).
KIND_ALIASES = {choice.value: choice.value for choice in ItemKind} | {
    "productartikel": ItemKind.ARTICLE,
    "product": ItemKind.ARTICLE,
    "vraag": ItemKind.QA,
    "vraag-antwoord": ItemKind.QA,
    "instructie": ItemKind.INSTRUCTION,
}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.created} nieuw, {self.updated} bijgewerkt, {self.unchanged} ongewijzigd, "
            f"{len(self.errors)} fout"
        )


def _upsert(*, kind: str, source_id: str, values: dict, report: ImportReport) -> KnowledgeItem:
    existing = KnowledgeItem.objects.filter(kind=kind, source_id=source_id).first()
    if existing is None:
        item = item_create(
            kind=kind, source_id=source_id, actor_label=IMPORT_ACTOR, change_note="Geïmporteerd", **values
        )
        report.created += 1
        return item
    if item_update(item=existing, actor_label=IMPORT_ACTOR, change_note="Bijgewerkt door import", **values):
        report.updated += 1
    else:
        report.unchanged += 1
    return existing


def vac_body(record: dict) -> str:
    parts = [record.get("introduction") or ""]
    for paragraph in record.get("content") or []:
        title = (paragraph.get("paragraphtitle") or "").strip()
        if title:
            parts.append(f"<h3>{title}</h3>")
        parts.append(paragraph.get("paragraph") or "")
    return "\n".join(parts)


def vac_import(*, directory: Path = VAC_DIRECTORY, domain: Domain | None = None) -> ImportReport:
    """Import every VAC record (one JSON file each) from the directory shipped with Voorkant."""
    report = ImportReport()
    for number, path in enumerate(sorted(directory.glob("*.json")), start=1):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            source_id = str(record["id"]).strip()
            question = (record.get("question") or "").strip()
            if not source_id or not question:
                raise ValueError("id of vraag ontbreekt")
        except (ValueError, KeyError, TypeError) as exc:
            report.errors.append((number, f"{path.name}: {exc}"))
            continue
        values = {
            "title": question[:300],
            "question": question[:500],
            "body": vac_body(record),
            "source_url": (record.get("canonical") or "")[:500],
            "source_name": VAC_SOURCE_NAME,
        }
        if domain is not None:
            values["owner_domain"] = domain
        _upsert(kind=ItemKind.QA, source_id=source_id, values=values, report=report)
    return report


def _row_values(row: dict[str, str], domains: dict[str, Domain]) -> tuple[str, str, dict]:
    """Validate one export row into (kind, source id, values); raises ValueError with a Dutch message."""
    get = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}.get
    source_id = get("id", "")
    if not source_id:
        raise ValueError("kolom 'id' is leeg")
    if len(source_id) > 100:
        raise ValueError("id is langer dan 100 tekens")
    kind = KIND_ALIASES.get(get("soort", "").lower())
    if kind is None:
        raise ValueError(f"onbekende soort {get('soort', '')!r}")
    title = get("titel", "")
    if not title:
        raise ValueError("kolom 'titel' is leeg")
    if len(title) > 300:
        raise ValueError("titel is langer dan 300 tekens")
    values: dict = {"title": title, "question": get("vraag", "")[:500], "body": get("tekst", "")}
    url = get("url", "")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise ValueError(f"ongeldige url {url!r}") from exc
        values["link_url" if kind == ItemKind.LINK else "source_url"] = url
    code = get("domein", "")
    if code:
        if code not in domains:
            raise ValueError(f"onbekend domein {code!r}")
        values["owner_domain"] = domains[code]
    review = get("herzien_op", "")
    if review:
        try:
            values["review_date"] = datetime.date.fromisoformat(review)
        except ValueError as exc:
            raise ValueError(f"herzien_op {review!r} is geen datum (JJJJ-MM-DD)") from exc
    sections = {code: get(code, "") for code in ArticleSection.values if get(code, "")}
    if sections:
        values["sections"] = sections
    if get("kcc", ""):
        values["kcc_note"] = get("kcc", "")
    return kind, source_id, values


def export_import(*, content: str, fmt: str, source_name: str = "") -> ImportReport:
    """Import a municipality's export (CSV with a header row, or a JSON list of objects)."""
    report = ImportReport()
    domains = {d.code: d for d in Domain.objects.all()}
    rows: list[tuple[int, dict]]
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
        rows = []
        for row in reader:
            rows.append((reader.line_num, row))
    elif fmt == "json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            report.errors.append((exc.lineno, f"geen geldige JSON: {exc.msg}"))
            return report
        if not isinstance(data, list):
            report.errors.append((1, "verwacht een lijst met items"))
            return report
        rows = [(n, r if isinstance(r, dict) else {}) for n, r in enumerate(data, start=1)]
    else:
        raise ValueError(f"onbekend formaat {fmt!r}")
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        try:
            row = {str(k): "" if v is None else str(v) for k, v in row.items()}
            kind, source_id, values = _row_values(row, domains)
            if (kind, source_id) in seen:
                raise ValueError(f"id {source_id!r} komt twee keer voor")
            seen.add((kind, source_id))
        except ValueError as exc:
            report.errors.append((line, str(exc)))
            continue
        if source_name:
            values["source_name"] = source_name
        _upsert(kind=kind, source_id=source_id, values=values, report=report)
    return report
