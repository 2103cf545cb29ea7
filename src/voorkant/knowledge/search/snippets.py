"""Result snippets: the passage of an item's public text with most query words, matched words in <mark>.

Every piece of text is escaped before it is wrapped, so the markup in a snippet is only ever our own <mark>.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from voorkant.knowledge.search.analysis import STOPWORDS, fold, stem

_TOKEN = re.compile(r"\w+", re.UNICODE)
WINDOW = 28  # words


@lru_cache(maxsize=200_000)
def _word_stem(word: str) -> str | None:
    """The stem of a word as the index sees it; None for stopwords."""
    folded = fold(word)
    return None if folded in STOPWORDS else stem(folded)


def highlight(text: str, terms: set[str], *, window: int = WINDOW) -> SafeString:
    """The best window of `text` with matched words marked, escaped; the opening when nothing matches."""
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return mark_safe("")  # noqa: S308 - empty
    matched = [_word_stem(t.group()) for t in tokens]
    matched = [m if m in terms else None for m in matched]
    flags = [m is not None for m in matched]
    # Slide the window once, keeping counts of matched stems: most distinct matches first, then most matches.
    in_window: Counter = Counter(m for m in matched[:window] if m)
    hits = sum(flags[:window])
    best_start, best_score = 0, len(in_window) * 10 + hits
    for start in range(1, max(1, len(tokens) - window + 1)):
        leaving, entering = matched[start - 1], matched[start + window - 1]
        if leaving:
            in_window[leaving] -= 1
            hits -= 1
            if not in_window[leaving]:
                del in_window[leaving]
        if entering:
            in_window[entering] += 1
            hits += 1
        score = len(in_window) * 10 + hits
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
    rest = text[end:]
    # Keep the sentence's closing punctuation; mark a cut only where words were left out.
    tail = re.match(r"^[^\w]*", rest).group() if rest else ""
    tail = tail.split("\n")[0]
    parts.append(escape(text[cursor:end] + tail))
    if _TOKEN.search(rest):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped
