"""Jobs of the kennisbank: passage and question vectors for the semantic layer, never inside a request."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from voorkant.jobs.registry import task
from voorkant.knowledge.embedding import passage_vectors_compute

EMBED_TASK = "knowledge.embed"


# Queued after every content change while the layer is on, and also run every 15 minutes, so a lost kick only
# delays the vectors of an edit (lexical search finds it at once). Not atomic: an import of thousands of items
# stores its vectors batch by batch, and a retry resumes where it stopped because vectors are cached by hash.
@task(EMBED_TASK, every=timedelta(minutes=15), atomic=False, max_attempts=3, priority=200)
def embed_missing_vectors() -> None:
    if settings.KNOWLEDGE_SEMANTIC:
        passage_vectors_compute()
