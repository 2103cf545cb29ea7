"""Typo tolerance over the index vocabulary: `pasport` finds `paspoort`.

A symmetric-delete lookup (every term and every term with one letter left out) finds candidates within a
small edit distance without comparing against the whole vocabulary; a true Damerau-Levenshtein distance
then confirms them.
"""

from __future__ import annotations

MIN_LENGTH = 4


def _deletes(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def max_distance(term: str) -> int:
    return 1 if len(term) < 8 else 2


class TypoCorrector:
    """Holds the delete map of the vocabulary; grows with new terms (stale entries are harmless)."""

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.deletes: dict[str, set[str]] = {}

    def update(self, vocabulary) -> None:
        for term in vocabulary:
            if term in self.known:
                continue
            self.known.add(term)
            if len(term) >= MIN_LENGTH:
                for variant in _deletes(term):
                    self.deletes.setdefault(variant, set()).add(term)

    def candidates(self, term: str, df: dict[str, int], limit: int = 2) -> list[str]:
        """Known terms close to an unknown one, most frequent first."""
        if len(term) < MIN_LENGTH:
            return []
        found: set[str] = set(self.deletes.get(term, ()))
        for variant in _deletes(term):
            found |= self.deletes.get(variant, set())
            if variant in df:
                found.add(variant)
        allowed = max_distance(term)
        close = [t for t in found if t in df and t != term and edit_distance(term, t) <= allowed]
        close.sort(key=lambda t: (edit_distance(term, t), -df[t], t))
        return close[:limit]
