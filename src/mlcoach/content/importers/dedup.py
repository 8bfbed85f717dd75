"""Near-duplicate questions: the same question worded differently, in a file or in the bank.

The similarity function is a parameter (cosine of sentence embeddings in the app, anything in
tests), so no model lives in the content room. Meaning alone over-merges related questions
("L1 vs L2" and "all regularisers compared"), so a pair counts as the same question when the
meaning is very close, or close with enough shared content words. A listed title without an
answer ("Dropout in Neural Networks") matches a fuller question when the title's distinctive
words all appear in it and the meaning agrees; never the other way round, so "Policy gradient
methods in reinforcement learning" does not vanish into "Reinforcement learning basics".
Within a file only questions of the same kind merge: "Implement k-means" asks for code,
"K-means clustering" for an explanation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from mlcoach.content.importers.model import ImportedItem
from mlcoach.content.importers.text import plain

Similarity = Callable[[Sequence[str], Sequence[str]], NDArray[np.float32]]
"""Rows of the first texts against the second: an (n, m) matrix of scores in [-1, 1]."""

_STOP_WORDS = """
    a an the and or of in on for to with without vs versus is are was be it its it's this
    that these those what whats what's which how why when where who do does did you your we
    our i me my can could would should will explain describe define give example examples
    between difference differences compare comparison use using used work works working
    interview question questions machine learning ml model models modeling neural network
    networks deep technique techniques method methods algorithm algorithms basic basics
    overview introduction concept concepts type types approach approaches handle handling
    about from into by as at if than then more most not no some any other others etc implement
    implementation scratch write code build design"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class Thresholds:
    """Calibrated with all-MiniLM-L6-v2 on the seed banks against the shipped bank."""

    same: float = 0.88  # meaning alone is enough
    close: float = 0.75  # meaning plus a Jaccard overlap of distinctive words >= `overlap`
    overlap: float = 0.6
    contained: float = 0.7  # meaning plus one question's distinctive words inside the other's
    listed: float = 0.55  # a listed title (no answer) inside a fuller question
    # Shipped prompts are long, so their words contain many short titles: ask for more meaning.
    contained_in_bank: float = 0.8


@dataclass(frozen=True)
class BankEntry:
    """A shipped item as the comparison sees it; an item may have several (title, prompt)."""

    id: str
    kind: str  # the shipped kind: concept, challenge, design, behavioral, case
    text: str


# Which shipped kinds an imported kind may duplicate: a coding question is the same as a
# challenge with a judge, not as a concept question about the same algorithm.
COMPATIBLE = {
    "concept": frozenset({"concept", "case"}),
    "coding": frozenset({"challenge"}),
    "design": frozenset({"design", "case"}),
    "behavioral": frozenset({"behavioral"}),
}


@dataclass(frozen=True)
class Link:
    """Item `index` duplicates kept item `target` in the file, or shipped item `bank_id`."""

    index: int
    similarity: float
    target: int | None = None
    bank_id: str | None = None


@lru_cache(maxsize=4096)
def words(text: str) -> frozenset[str]:
    """Distinctive word stems: lower case, stop words and generic ML words removed."""
    tokens = re.findall(r"[a-z0-9]+", plain(text).lower())
    return frozenset(_stem(t) for t in tokens if t not in _STOP and len(t) > 1)


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "es", "ed", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def question_text(item: ImportedItem) -> str:
    """What two items are compared on: the question without any starter code."""
    return plain(item.question.split("```", 1)[0]) or plain(item.title)


def find_duplicates(
    items: Sequence[ImportedItem],
    bank: Sequence[BankEntry],
    similarity: Similarity,
    thresholds: Thresholds = Thresholds(),
) -> list[Link]:
    """Links for items that repeat an earlier kept item or a shipped one.

    Answered items are considered first, in source order, so a listed title attaches to the
    question that has an answer rather than the other way round.
    """
    texts = [question_text(item) for item in items]
    if not texts:
        return []
    in_file = similarity(texts, texts)
    to_bank = similarity(texts, [entry.text for entry in bank]) if bank else None
    order = [i for i, it in enumerate(items) if not it.answerless]
    order += [i for i, it in enumerate(items) if it.answerless]
    kept: list[int] = []
    links: list[Link] = []
    for i in order:
        link = _in_file(i, items, texts, kept, in_file, thresholds)
        if link is None and to_bank is not None:
            link = _in_bank(i, items[i], texts[i], bank, to_bank[i], thresholds)
        if link is None or link.bank_id is not None:
            kept.append(i)  # a bank-linked item still absorbs later repeats of itself
        if link is not None:
            links.append(link)
    return links


def _in_file(
    i: int,
    items: Sequence[ImportedItem],
    texts: list[str],
    kept: list[int],
    scores: NDArray[np.float32],
    thresholds: Thresholds,
) -> Link | None:
    rule = _in_file_rule(items[i], thresholds)
    candidates = [
        (float(scores[i, j]), j)
        for j in kept
        if items[j].kind == items[i].kind and _same(texts[i], texts[j], float(scores[i, j]), rule)
    ]
    if not candidates:
        return None
    score, j = max(candidates)
    return Link(i, round(score, 3), target=j)


def _in_bank(
    i: int,
    item: ImportedItem,
    text: str,
    bank: Sequence[BankEntry],
    scores: NDArray[np.float32],
    thresholds: Thresholds,
) -> Link | None:
    allowed = COMPATIBLE[item.kind]
    candidates = [
        (float(scores[j]), j)
        for j, entry in enumerate(bank)
        if entry.kind in allowed
        and _same(text, entry.text, float(scores[j]), _bank_rule(thresholds))
    ]
    if not candidates:
        return None
    score, j = max(candidates)
    return Link(i, round(score, 3), bank_id=bank[j].id)


@dataclass(frozen=True)
class _Rule:
    same: float
    close: float
    overlap: float
    contained: float
    only_inside: bool = False  # the item's words must lie inside the other's, not either way


def _in_file_rule(item: ImportedItem, t: Thresholds) -> _Rule:
    if item.answerless:
        return _Rule(t.same, t.close, t.overlap, t.listed, only_inside=True)
    return _Rule(t.same, t.close, t.overlap, t.contained)


def _bank_rule(t: Thresholds) -> _Rule:
    return _Rule(t.same, t.close, t.overlap, t.contained_in_bank)


def _same(text: str, other: str, score: float, rule: _Rule) -> bool:
    if score >= rule.same:
        return True
    mine, theirs = words(text), words(other)
    if not mine or not theirs:
        return False
    inside = mine <= theirs or (not rule.only_inside and theirs <= mine)
    if inside and score >= rule.contained:
        return True
    overlap = len(mine & theirs) / len(mine | theirs)
    return score >= rule.close and overlap >= rule.overlap
