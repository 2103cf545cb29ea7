"""Result snippets: the passage of an item's public text with most query words, matched words in <mark>.

Every piece of text is escaped before it is wrapped, so the markup in a snippet is only ever our own <mark>.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from voorkant.knowledge.search.analysis import STOPWORDS, fold, stem

_TOKEN = re.compile(r"\w+", re.UNICODE)
WINDOW = 28  # words


def _is_match(word: str, terms: set[str]) -> bool:
    folded = fold(word)
    return folded not in STOPWORDS and stem(folded) in terms


def highlight(text: str, terms: set[str], *, window: int = WINDOW) -> SafeString:
    """The best window of `text` with matched words marked, escaped; the opening when nothing matches."""
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return mark_safe("")  # noqa: S308 - empty
    flags = [_is_match(t.group(), terms) for t in tokens]
    best_start, best_score = 0, -1
    for start in range(0, max(1, len(tokens) - window + 1)):
        span = tokens[start : start + window]
        distinct = {
            stem(fold(t.group())) for t, f in zip(span, flags[start : start + window], strict=False) if f
        }
        score = len(distinct) * 10 + sum(flags[start : start + window])
        if score > best_score:
            best_start, best_score = start, score
    # Start the window a little before the first match so the sentence reads naturally.
    end_index = min(len(tokens), best_start + window)
    begin = tokens[best_start].start()
    end = tokens[end_index - 1].end()
    parts: list[str] = ["… " if begin > 0 else ""]
    cursor = begin
    for token, flag in zip(tokens[best_start:end_index], flags[best_start:end_index], strict=False):
        if flag:
            parts.append(escape(text[cursor : token.start()]))
            parts.append(f"<mark>{escape(token.group())}</mark>")
            cursor = token.end()
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped
