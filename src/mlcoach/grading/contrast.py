"""Contrast variants of key points: the same statement with its terms swapped.

Embeddings and word overlap barely notice "bagging reduces bias" versus "bagging reduces
variance". So each key point also gets variants with one contrasted term swapped (an antonym, or
another subject the rubric compares it with); a sentence that matches a variant clearly better
than any real key point states the opposite of that point and earns nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from mlcoach.grading.text import ANTONYM_WORDS, STOPWORDS, plain, stem, tokens

MAX_VARIANTS_PER_POINT = 6
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def _subject(text: str) -> str | None:
    for tok in tokens(text):
        if tok not in STOPWORDS and len(tok) > 1 and tok.isalpha():
            return tok
    return None


def contrasted_subjects(points: tuple[str, ...]) -> list[tuple[str, str]]:
    """Pairs of terms the rubric contrasts: words that open a key point and recur in others
    (e.g. bagging / boosting, ROC / PR, training / inference)."""
    subjects = {s for p in points if (s := _subject(p))}
    mentions = Counter(t for p in points for t in {stem(w) for w in tokens(p)})
    chosen = sorted(s for s in subjects if mentions[stem(s)] >= 2)
    return list(combinations(chosen, 2))


def _swap_word(text: str, old_stem: str, new_word: str) -> str | None:
    """Replace every word whose stem is `old_stem` (keeping an initial capital)."""
    hits = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal hits
        word = match.group(0)
        if stem(word.lower()) != old_stem:
            return word
        hits += 1
        return new_word.capitalize() if word[0].isupper() else new_word

    out = _WORD.sub(repl, text)
    return out if hits else None


@dataclass(frozen=True)
class Variant:
    """Key point `point` restated with the word stemming to `removed` replaced by `added`."""

    point: int
    text: str
    removed: str
    added: str


def _variants_of(index: int, point: str, pairs: list[tuple[str, str]]) -> list[Variant]:
    text = plain(point)
    stems = {stem(t) for t in tokens(text)}
    out: dict[str, Variant] = {}
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            if stem(x) in stems and stem(y) not in stems:
                swapped = _swap_word(text, stem(x), y)
                if swapped and swapped not in out:
                    out[swapped] = Variant(index, swapped, stem(x), stem(y))
    return list(out.values())[:MAX_VARIANTS_PER_POINT]


@lru_cache(maxsize=1024)
def variants(points: tuple[str, ...]) -> tuple[Variant, ...]:
    """Every contrast variant of a rubric's key points."""
    pairs = contrasted_subjects(points) + list(ANTONYM_WORDS)
    return tuple(v for i, p in enumerate(points) for v in _variants_of(i, p, pairs))
