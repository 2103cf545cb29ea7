"""Dutch text analysis shared by indexing and querying, so both sides see the same terms.

PyStemmer's `dutch_porter` is used deliberately: it keeps gemeente / gemeentelijke / gemeenten together,
where Snowball's newer `dutch` algorithm maps `gemeente` to `meen`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import Stemmer

_stemmer = Stemmer.Stemmer("dutch_porter")
# An apostrophe ends the word (zo'n → zo, auto's → auto): the part after it is matched, so it is not a word of
# its own, but only the group before it is returned.
_WORD = re.compile(r"([0-9a-z]+)(?:['’][a-z]+)?")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|tr|td|th|ul|ol|table)>|<br\s*/?>", re.IGNORECASE)

# Function words that carry no meaning for retrieval. Kept short on purpose: question words such as
# "wanneer" or "waar" and negations stay out of this list because callers' questions hinge on them.
STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "in",
        "op",
        "te",
        "van",
        "voor",
        "met",
        "aan",
        "bij",
        "door",
        "om",
        "tot",
        "uit",
        "over",
        "als",
        "dan",
        "dat",
        "die",
        "dit",
        "deze",
        "er",
        "is",
        "zijn",
        "was",
        "waren",
        "wordt",
        "worden",
        "werd",
        "ben",
        "bent",
        "heb",
        "hebt",
        "heeft",
        "hebben",
        "had",
        "ik",
        "je",
        "jij",
        "u",
        "mij",
        "me",
        "mijn",
        "jouw",
        "uw",
        "we",
        "wij",
        "ons",
        "onze",
        "zij",
        "ze",
        "hun",
        "haar",
        "hem",
        "hij",
        "zich",
        "zo",
        "nog",
        "al",
        "ook",
        "wel",
        "maar",
        "want",
        "dus",
        "toch",
        "even",
        "kan",
        "kun",
        "kunt",
        "kunnen",
        "moet",
        "moeten",
        "mag",
        "mogen",
        "wil",
        "wilt",
        "willen",
        "zou",
        "zouden",
        "gaat",
        "gaan",
        "ga",
        "doe",
        "doen",
        "iets",
        "heel",
        "erg",
        "veel",
        "zeer",
        "wat",
        "welk",
        "welke",
        "hoe",
    ]
)


class _DropCombining(dict):
    """A str.translate table: combining marks (the accents NFKD splits off) to None, other characters to
    themselves. Filled on the first sight of each character, so after the first texts translate runs at C
    speed; a Python loop over every character was most of the CPU of indexing 10,000 items."""

    def __missing__(self, codepoint: int) -> int | None:
        value = None if unicodedata.combining(chr(codepoint)) else codepoint
        self[codepoint] = value
        return value


_DROP_COMBINING = _DropCombining()


def fold(text: str) -> str:
    """Lower-case and strip diacritics (ideeën → ideeen) so typed text matches published text."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered  # NFKD leaves ASCII as it is and it has no combining marks
    return unicodedata.normalize("NFKD", lowered).translate(_DROP_COMBINING)


def html_to_text(value: str) -> str:
    """Plain text of sanitised HTML, with block ends as line breaks."""
    text = _BLOCK_END.sub("\n", value)
    text = _TAG.sub(" ", text)
    text = html.unescape(text).replace("\xa0", " ")
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def words(text: str) -> list[str]:
    """Folded words in order; an apostrophe ends the word (zo'n → zo, auto's → auto)."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def analyse(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """The index terms of a text: folded words without stopwords, stemmed."""
    found = words(text)
    if not keep_stopwords:
        found = [w for w in found if w not in STOPWORDS]
    # stemWords runs the whole list in C with the stemmer's own cache: per-word calls were a third of the
    # analysis CPU when indexing.
    return _stemmer.stemWords(found)
