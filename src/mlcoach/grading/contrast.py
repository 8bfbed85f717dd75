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


def contrasted_subjects(points: tuple[str, ...], question: str = "") -> list[tuple[str, str]]:
    """Pairs of terms the rubric contrasts: words that open a key point, recur in others and
    (when a question is given) are named by the question, as a word or as the initials of
    consecutive words ("PR" for "precision-recall"). Bagging / boosting, ROC / PR and training
    / inference qualify; "random" and "inference" in a dropout rubric do not."""
    subjects = {s for p in points if (s := _subject(p))}
    mentions = Counter(t for p in points for t in {stem(w) for w in tokens(p)})
    chosen = sorted(s for s in subjects if mentions[stem(s)] >= 2)
    if question:
        named = _named(question)
        chosen = [s for s in chosen if stem(s) in named or s in named]
    return list(combinations(chosen, 2))


def _named(question: str) -> frozenset[str]:
    """Stems of the question's words plus the initials of runs of two to four of them."""
    words = [t for t in tokens(question) if t.isalpha()]
    initials = {
        "".join(w[0] for w in words[i : i + n])
        for n in (2, 3, 4)
        for i in range(len(words) - n + 1)
    }
    return frozenset({stem(w) for w in words} | initials)


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


def _variants_of(
    index: int, point: str, pairs: list[tuple[str, str]], owner: str = ""
) -> list[Variant]:
    """Variants of one statement; a claim swaps in no word its whole point (`owner`) uses."""
    text = plain(point)
    stems = {stem(t) for t in tokens(f"{text} {plain(owner)}")}
    out: dict[str, Variant] = {}
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            if stem(x) in stems and stem(y) not in stems:
                swapped = _swap_word(text, stem(x), y)
                if swapped and swapped not in out:
                    out[swapped] = Variant(index, swapped, stem(x), stem(y))
    return list(out.values())[:MAX_VARIANTS_PER_POINT]


@lru_cache(maxsize=1024)
def variants(
    points: tuple[str, ...], claims: tuple[tuple[int, str], ...] = (), question: str = ""
) -> tuple[Variant, ...]:
    """Every contrast variant of a rubric's key points and of their claims (`(point, text)`):
    a swapped claim matches a short sentence that inverts half a point far better than the
    swapped whole point does. Contrasted subjects are read from the whole points."""
    pairs = contrasted_subjects(points, question) + list(ANTONYM_WORDS)
    whole = [v for i, p in enumerate(points) for v in _variants_of(i, p, pairs)]
    parts = [v for i, c in claims for v in _variants_of(i, c, pairs, points[i])]
    return tuple(whole + parts)
