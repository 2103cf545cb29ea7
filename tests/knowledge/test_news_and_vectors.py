"""News targeting and read receipts for the start page; passage vectors cached by text hash."""

import datetime

import numpy as np
import pytest
from django.utils import timezone

from voorkant.knowledge import embedding
from voorkant.knowledge.models import PassageVector
from voorkant.knowledge.search import semantic
from voorkant.knowledge.selectors import important_unread_news, news_for_user
from voorkant.knowledge.services import item_update, news_mark_read

pytestmark = pytest.mark.django_db


def test_important_unread_news_is_for_the_users_team_until_read(make_item, make_persona, organisation):
    agent = make_persona("kcc")
    backoffice = make_persona("backoffice")
    for_kcc = make_item(
        "Balie dicht", kind="nieuws", importance="belangrijk", target_teams=[organisation["kcc_team"]]
    )
    make_item("Voor iedereen", kind="nieuws", importance="normaal")
    make_item(
        "Verlopen",
        kind="nieuws",
        importance="belangrijk",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert [n.title for n in important_unread_news(user=agent)] == ["Balie dicht"]
    assert [n.title for n in news_for_user(user=backoffice)] == ["Voor iedereen"]
    news_mark_read(item=for_kcc, user=agent)
    news_mark_read(item=for_kcc, user=agent)
    assert list(important_unread_news(user=agent)) == []


@pytest.fixture
def fake_model(monkeypatch):
    """A stand-in for the model that counts what it embeds (the real one is exercised by the quality test)."""
    embedded: list[tuple[str, str]] = []

    def fake(kind):
        def embed(texts):
            embedded.extend((kind, text) for text in texts)
            return np.eye(1, semantic.DIM, dtype=np.float32).repeat(len(texts), axis=0)

        return embed

    monkeypatch.setattr(semantic, "embed_passages", fake("passage"))
    monkeypatch.setattr(semantic, "embed_questions", fake("vraag"))
    return embedded


def test_unchanged_text_is_never_embedded_twice(make_item, fake_model):
    item = make_item("Parkeren", body="<p>Vergunning</p>")
    make_item("Afval", body="<p>Container</p>")
    first = embedding.passage_vectors_compute(use_seed=False)
    again = embedding.passage_vectors_compute(use_seed=False)
    # Each item has a passage vector and a question vector (its title on the query side).
    assert (first.computed, again.computed, again.cached) == (4, 0, 4)
    item_update(item=item, body="<p>Bewonersvergunning</p>")
    third = embedding.passage_vectors_compute(use_seed=False)
    # Only the passage changed; the title, and so the question vector, did not.
    assert third.computed == 1
    assert [kind for kind, _text in fake_model].count("passage") == 3
    assert [kind for kind, _text in fake_model].count("vraag") == 2
    assert PassageVector.objects.count() == 5


def test_shipped_vac_vectors_are_used_instead_of_embedding(vac, fake_model):
    result = embedding.passage_vectors_compute()
    assert result.seeded == 2 * 179
    assert fake_model == []


def test_with_the_semantic_layer_on_an_edit_queues_one_embedding_job(
    make_item, fake_model, settings, django_capture_on_commit_callbacks
):
    from voorkant.jobs.models import Job
    from voorkant.knowledge.tasks import EMBED_TASK, embed_missing_vectors

    settings.KNOWLEDGE_SEMANTIC = True
    with django_capture_on_commit_callbacks(execute=True):
        make_item("Parkeren", body="<p>Vergunning</p>")
        make_item("Afval", body="<p>Container</p>")
    assert Job.objects.filter(name=EMBED_TASK).count() == 1
    embed_missing_vectors()
    assert PassageVector.objects.count() == 4
    assert len(fake_model) == 4


class _CountingModel:
    """Stands in for the e5 model on the query side and counts the texts it embeds."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def query(self, text):
        self.embedded.append(text)
        vector = np.zeros(semantic.DIM, dtype=np.float32)
        vector[len(self.embedded) % semantic.DIM] = 1.0
        return vector


@pytest.fixture
def counting_model(monkeypatch):
    model = _CountingModel()
    monkeypatch.setattr(semantic, "model", lambda: model)
    semantic.query_vectors.clear()
    yield model
    semantic.query_vectors.clear()


def test_a_repeated_query_is_embedded_once_and_gets_the_same_vector(counting_model, settings):
    settings.KNOWLEDGE_QUERY_VECTOR_CACHE = 10
    first = semantic.embed_query("paspoort kwijt")
    again = semantic.embed_query("paspoort kwijt")
    other = semantic.embed_query("Paspoort kwijt")
    assert counting_model.embedded == ["paspoort kwijt", "Paspoort kwijt"]
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    assert not first.flags.writeable


def test_query_cache_drops_the_least_recently_used_and_can_be_switched_off(counting_model, settings):
    settings.KNOWLEDGE_QUERY_VECTOR_CACHE = 2
    for text in ("a", "b", "a", "c", "a", "b"):
        semantic.embed_query(text)
    # "b" was the least recently used when "c" came in, so it is embedded again; "a" stayed.
    assert counting_model.embedded == ["a", "b", "c", "b"]
    assert len(semantic.query_vectors) == 2

    settings.KNOWLEDGE_QUERY_VECTOR_CACHE = 0
    semantic.query_vectors.clear()
    semantic.embed_query("a")
    semantic.embed_query("a")
    assert counting_model.embedded[-2:] == ["a", "a"]
    assert len(semantic.query_vectors) == 0
