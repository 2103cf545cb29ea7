"""import_knowledge: the Rijksoverheid VAC and a municipality's own exports, idempotent, bad rows reported."""

import io
import json

import pytest
from django.core.management import call_command

from voorkant.knowledge.importers import export_import, vac_import
from voorkant.knowledge.models import ItemKind, KnowledgeItem, KnowledgeItemVersion

pytestmark = pytest.mark.django_db

PASPOORT_KWIJT = "b69e8d94-3c15-41b1-9a4c-b106af7088ed"


def test_vac_import_loads_179_items_with_source_id_and_canonical_url():
    report = vac_import()
    assert (report.created, report.errors) == (179, [])
    item = KnowledgeItem.objects.get(source_id=PASPOORT_KWIJT)
    assert item.kind == ItemKind.QA
    assert item.source_url.startswith("https://www.rijksoverheid.nl/")
    assert "CC0" in item.source_name
    assert item.question == item.title


def test_vac_import_twice_changes_nothing():
    vac_import()
    versions = KnowledgeItemVersion.objects.count()
    report = vac_import()
    assert (report.created, report.updated, report.unchanged) == (0, 0, 179)
    assert KnowledgeItem.objects.count() == 179
    assert KnowledgeItemVersion.objects.count() == versions


def test_vac_import_updates_a_changed_record_and_keeps_a_version(tmp_path):
    source = tmp_path / "vac"
    source.mkdir()
    record = {"id": "0000-test", "question": "Hoe werkt het?", "introduction": "<p>Zo.</p>", "content": []}
    (source / "a.json").write_text(json.dumps(record))
    vac_import(directory=source)
    record["introduction"] = "<p>Anders.</p>"
    (source / "a.json").write_text(json.dumps(record))
    report = vac_import(directory=source)
    item = KnowledgeItem.objects.get(source_id="0000-test")
    assert report.updated == 1
    assert item.version == 2
    assert list(item.versions.values_list("number", flat=True)) == [2, 1]


CSV = (
    (
        "id,soort,titel,vraag,tekst,url,domein,herzien_op,kosten,kcc\n"
        "A1,artikel,Parkeervergunning,,<p>Voor bewoners.</p>,https://www.voorbeeld.nl/parkeren,"
        "dienstverlening,2030-01-01,<p>€ 50</p>,<p>Intern</p>\n"
    )
    + """A2,onzin,Kapotte soort,,,,,,,
,artikel,Zonder id,,,,,,,
A3,vac,Afvalpas,Waar haal ik een afvalpas?,<p>Bij de balie.</p>,geen-url,,,,
A4,artikel,Onbekend domein,,,,nergens,,,
A5,artikel,Foute datum,,,,,31-12-2030,,
"""
)


def test_csv_export_loads_good_rows_and_reports_bad_rows_with_line_numbers(organisation):
    report = export_import(content=CSV, fmt="csv", source_name="Gemeente Voorbeeld")
    assert report.created == 1
    assert [line for line, _message in report.errors] == [3, 4, 5, 6, 7]
    assert "onbekende soort" in report.errors[0][1]
    item = KnowledgeItem.objects.get(source_id="A1")
    assert item.sections == {"kosten": "<p>€ 50</p>"}
    assert item.kcc_note == "<p>Intern</p>"
    assert item.owner_domain == organisation["kcc_domain"]
    again = export_import(content=CSV, fmt="csv")
    assert (again.created, again.unchanged) == (0, 1)


def test_json_export_reports_records_by_number():
    content = json.dumps(
        [{"id": "J1", "soort": "link", "titel": "Afspraak maken", "url": "https://a.nl"}, {}]
    )
    report = export_import(content=content, fmt="json")
    assert report.created == 1
    assert report.errors == [(2, "kolom 'id' is leeg")]
    assert KnowledgeItem.objects.get(source_id="J1").link_url == "https://a.nl"


def test_broken_json_is_reported_not_raised():
    report = export_import(content="[{", fmt="json")
    assert report.created == 0 and report.errors


def test_command_prints_summary_and_bad_rows(tmp_path, organisation):
    path = tmp_path / "export.csv"
    path.write_text(CSV, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_knowledge", "--file", str(path), stdout=out, stderr=err)
    assert "1 nieuw" in out.getvalue()
    assert "regel 3: onbekende soort" in err.getvalue()
