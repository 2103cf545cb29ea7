"""Result snippets: the passage of an item's public text with most query words, matched words in <mark>.

Every piece of text is escaped before it is wrapped, so the markup in a snippet is only ever our own <mark>.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

import numpy as np
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from voorkant.knowledge.search.analysis import STOPWORDS, fold, stem

_TOKEN = re.compile(r"\w+", re.UNICODE)
WINDOW = 28  # words


_stems: dict[str, str | None] = {}


def _word_stem(word: str) -> str | None:
    """The stem of a word as the index sees it; None for stopwords. Memoised in a plain dict (hot path)."""
    found = _stems.get(word, "")
    if found == "":
        folded = fold(word)
        found = None if folded in STOPWORDS else stem(folded)
        if len(_stems) < 500_000:
            _stems[word] = found
    return found


_stem_ids: dict[str, int] = {}


def _stem_id(stem_: str | None) -> int:
    if stem_ is None:
        return -1
    found = _stem_ids.get(stem_)
    if found is None:
        found = _stem_ids[stem_] = len(_stem_ids)
    return found


@lru_cache(maxsize=4096)
def _analysed(text: str) -> np.ndarray:
    """Per-word stem ids of a text (-1 for stopwords), kept for the texts that come up in results most."""
    return np.fromiter((_stem_id(_word_stem(w)) for w in _TOKEN.findall(text)), dtype=np.int64)


def _best_start(ids: np.ndarray, query_ids: np.ndarray, window: int) -> tuple[int, np.ndarray]:
    """Start of the window with most distinct matched words, then most matches (earliest on a tie)."""
    hits = ids[None, :] == query_ids[:, None]  # query word × text word
    if len(ids) <= window:
        return 0, hits.any(axis=0)
    sums = np.concatenate([np.zeros((len(query_ids), 1), dtype=np.int64), np.cumsum(hits, axis=1)], axis=1)
    per_word = sums[:, window:] - sums[:, :-window]  # matches of each query word per window start
    score = (per_word > 0).sum(axis=0) * 10 + per_word.sum(axis=0)
    return int(np.argmax(score)), hits.any(axis=0)


def highlight(text: str, terms: set[str], *, window: int = WINDOW) -> SafeString:
    """The best window of `text` with matched words marked, escaped; the opening when nothing matches."""
    ids = _analysed(text)
    if not len(ids):
        return mark_safe("")  # noqa: S308 - empty
    query_ids = np.array([_stem_ids[t] for t in terms if t in _stem_ids], dtype=np.int64)
    if len(query_ids):
        best_start, any_hit = _best_start(ids, query_ids, window)
    else:
        best_start, any_hit = 0, np.zeros(len(ids), dtype=bool)
    found = ids
    end_index = min(len(found), best_start + window)
    tokens = list(islice(_TOKEN.finditer(text), best_start, end_index))
    flags = any_hit[best_start:end_index].tolist()
    begin = tokens[0].start()
    end = tokens[-1].end()
    parts: list[str] = ["… " if best_start > 0 else ""]
    cursor = begin
    for token, flag in zip(tokens, flags, strict=True):
        if flag:
            parts.append(escape(text[cursor : token.start()]))
            parts.append(f"<mark>{escape(token.group())}</mark>")
            cursor = token.end()
    rest = text[end:]
    # Keep the sentence's closing punctuation; mark a cut only where words were left out.
    tail = re.match(r"^[^\w]*", rest).group() if rest else ""
    tail = tail.split("\n")[0]
    parts.append(escape(text[cursor:end] + tail))
    if _TOKEN.search(rest):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped
