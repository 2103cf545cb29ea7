"""The kennisbank search engine: stemming, synonyms, typos, fields, filters, snippets, freshness."""

import datetime

import pytest
from django.utils import timezone

from voorkant.knowledge.models import SearchIndexState
from voorkant.knowledge.search.index import get_index
from voorkant.knowledge.search.query import search
from voorkant.knowledge.services import item_delete, item_update, synonym_group_save

pytestmark = pytest.mark.django_db


def titles(query, **options):
    return [hit.meta.title for hit in search(query, **options)]


def test_plural_query_finds_singular_text(make_item):
    make_item("Gemeentelijke belastingen", body="<p>De gemeente heft belasting.</p>")
    make_item("Parkeren", body="<p>Een vergunning.</p>")
    assert titles("gemeenten") == ["Gemeentelijke belastingen"]


def test_typo_in_query_still_finds_the_item(make_item):
    make_item("Paspoort aanvragen", body="<p>U vraagt een paspoort aan bij de balie.</p>")
    assert titles("pasport kwijt") == ["Paspoort aanvragen"]


def test_synonym_group_expands_the_query(make_item):
    make_item("Hondenbelasting", body="<p>Per hond per jaar.</p>")
    assert titles("hondenpenning") == []
    synonym_group_save(terms="hondenpenning, hondenbelasting", note="test")
    assert titles("hondenpenning") == ["Hondenbelasting"]


def test_shipped_synonyms_join_spoken_and_written_words(make_item):
    make_item("Identiteitskaart aanvragen", body="<p>Aanvragen bij de balie.</p>")
    assert titles("id-kaart") == ["Identiteitskaart aanvragen"]


def test_title_weighs_more_than_body(make_item):
    make_item("Afval ophalen", body="<p>Wanneer de container komt.</p>")
    make_item("Container huren", body="<p>Voor afval van een verbouwing, afval scheiden.</p>")
    assert titles("afval")[0] == "Afval ophalen"


def test_compound_query_is_split_into_known_words(make_item):
    make_item("Kwijtschelding gemeentelijke belastingen", body="<p>Als u weinig inkomen heeft.</p>")
    assert titles("gemeentebelasting") == ["Kwijtschelding gemeentelijke belastingen"]


def test_filters_by_kind_and_domain(make_item, organisation):
    make_item("Paspoort kosten", kind="vac", owner_domain=organisation["kcc_domain"])
    make_item("Paspoort werkinstructie", kind="werkinstructie", owner_domain=organisation["social_domain"])
    assert titles("paspoort", kinds=["werkinstructie"]) == ["Paspoort werkinstructie"]
    assert titles("paspoort", domain_id=organisation["kcc_domain"].pk) == ["Paspoort kosten"]


def test_unpublished_and_expired_news_are_not_found(make_item):
    make_item("Storing paspoortbalie", kind="nieuws", expires_at=timezone.now() - datetime.timedelta(hours=1))
    make_item("Paspoort concept", is_published=False)
    make_item("Paspoort later", kind="nieuws", publish_at=timezone.now() + datetime.timedelta(days=1))
    assert titles("paspoort") == []


def test_snippet_marks_matched_words_and_escapes_the_rest(make_item):
    make_item("Afval", body="<p>Gooi &lt;script&gt; niet weg: de container voor afval staat buiten.</p>")
    snippet = search("afval")[0].snippet
    assert "<mark>afval</mark>" in snippet
    assert "&lt;script&gt;" in snippet
    assert "<script>" not in snippet


def test_snippet_never_contains_the_kcc_note(make_item):
    make_item("Paspoort", body="<p>Aanvragen bij de balie.</p>", kcc_note="<p>Geheime werkwijze paspoort</p>")
    hit = search("paspoort")[0]
    assert "Geheime" not in hit.snippet
    assert "Geheime" not in hit.meta.plain_text


def test_an_edit_is_searchable_at_once_and_only_changed_rows_are_reloaded(make_item):
    item = make_item("Parkeervergunning", body="<p>Aanvragen.</p>")
    assert titles("parkeervergunning") == ["Parkeervergunning"]
    loaded = get_index().counter
    item_update(item=item, title="Bewonersvergunning parkeren", change_note="nieuwe naam")
    assert titles("bewonersvergunning") == ["Bewonersvergunning parkeren"]
    assert get_index().counter == SearchIndexState.objects.get(pk=1).counter > loaded


def test_a_deleted_item_disappears_from_results(make_item):
    item = make_item("Hondenbelasting", body="<p>Per hond.</p>")
    assert titles("hondenbelasting")
    item_delete(item=item)
    assert titles("hondenbelasting") == []


def test_ranking_ties_are_broken_the_same_way_every_time(make_item):
    for n in range(5):
        make_item(f"Afvalpas {n}", body="<p>afvalpas</p>")
    first = titles("afvalpas")
    assert titles("afvalpas") == first == sorted(first)


def test_reindex_command_rewrites_every_search_row(make_item):
    import io

    from django.core.management import call_command

    from voorkant.knowledge.models import SearchDocument

    make_item("Parkeren", body="<p>Vergunning</p>")
    SearchDocument.objects.update(title_terms="", body_terms="")
    out = io.StringIO()
    call_command("knowledge_reindex", stdout=out)
    assert "1 items opnieuw" in out.getvalue()
    assert titles("parkeren") == ["Parkeren"]


def test_batched_reindex_rewrites_rows_across_batches_and_creates_missing_ones(make_item):
    from voorkant.knowledge.models import SearchDocument
    from voorkant.knowledge.services import index_rebuild

    items = [make_item(f"Parkeervergunning {n}", body=f"<p>Zone {n}</p>") for n in range(5)]
    SearchDocument.objects.update(title_terms="", body_terms="")
    SearchDocument.objects.filter(item=items[0]).delete()
    before = SearchIndexState.objects.get().counter

    assert index_rebuild(batch_size=2) == 5

    rows = SearchDocument.objects.order_by("item_id")
    assert [row.item_id for row in rows] == [item.pk for item in items]
    assert {row.changed_in for row in rows} == {before + 1}
    assert all(row.title_terms.startswith("parkeervergunn") for row in rows)
    assert len(titles("parkeervergunning")) == 5
