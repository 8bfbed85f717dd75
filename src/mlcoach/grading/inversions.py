"""Inverted statements: answer units that state a key point back to front.

Embeddings and word overlap barely notice "bagging reduces bias" against "bagging reduces
variance", so three checks look for inversions explicitly: contrast variants (`contrast.py`)
that a unit matches better than any real point or claim, polarity words swapped ("depends on"
for "insensitive to"), and a negated claim restated without its negation. An inverting unit,
and the sentence it belongs to, become evidence for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mlcoach.grading.calibration import Calibration
from mlcoach.grading.claims import Statements
from mlcoach.grading.contrast import Variant, variants
from mlcoach.grading.coverage import logit, probabilities
from mlcoach.grading.embeddings import Embedder
from mlcoach.grading.features import AnswerView, content_set
from mlcoach.grading.text import (
    has_negation,
    negated_verb,
    polar_conflict,
    switch_conflict,
    word_stems,
)


@dataclass(frozen=True)
class Contradiction:
    """An evidence unit that states key point `point` with a contrasted term swapped."""

    point: int
    unit: int


def contradictions(
    question: str,
    statements: Statements,
    probs: NDArray[np.float64],
    view: AnswerView,
    embedder: Embedder,
    cal: Calibration,
) -> list[Contradiction]:
    """Units that state a swapped version of a key point (or of one of its claims) rather than
    any real point or claim (`probs`: every statement x unit)."""
    swapped = variants(statements.points, statements.claims, question)
    if not swapped or not probs.size:
        return []
    var_probs = probabilities(question, [v.text for v in swapped], view, embedder, cal)
    # Compare on the logit scale: probabilities saturate near 1 where near-copies differ.
    best_real = logit(probs.max(axis=0))
    lead = logit(var_probs) - best_real[None, :]
    out = []
    for unit in range(probs.shape[1]):
        for row in np.argsort(-var_probs[:, unit]):
            variant, p = swapped[row], float(var_probs[row, unit])
            if p < cal.thresholds.cover or lead[row, unit] < cal.thresholds.contrast_margin:
                break
            if _states_variant(variant, unit, view):
                out.append(Contradiction(variant.point, unit))
                break
    return out


SWAP_SUPPORT = 0.6  # share of content words a unit and a variant must have in common


def _states_variant(variant: Variant, unit: int, view: AnswerView) -> bool:
    """The unit uses the swapped-in word and not the original one, without negating it
    ("bagging does not reduce bias" restores the point), and shares most of its content words
    with the variant (either way round): an inversion reuses the point's wording around the
    swap, whereas a sentence that merely shares a topic word with the variant does not."""
    words = view.words[unit]
    if variant.added not in words or variant.removed in words:
        return False
    if view.negated[unit] != has_negation(variant.text):
        return False
    ours, theirs = view.stems[unit] - {variant.added}, content_set(variant.text) - {variant.added}
    if not ours or not theirs:
        return True
    shared = len(ours & theirs)
    return max(shared / len(ours), shared / len(theirs)) >= SWAP_SUPPORT


RESTATEMENT = 0.8  # a unit this likely to state a claim repeats it nearly word for word


def polar_inversions(
    statements: Statements, probs: NDArray[np.float64], view: AnswerView, cal: Calibration
) -> list[Contradiction]:
    """Units that state their best-matching statement with the opposite polarity: a polarity
    word swapped ("depends on" where the point says "insensitive to"), something kept on that
    the point switches off ("keep dropout on at inference"), or, for a claim whose
    verb is negated ("it does not change the trees"), a near-restatement without the negation
    ("the contamination parameter changes how the trees are built")."""
    out = []
    for unit in range(probs.shape[1]):
        best = int(np.argmax(probs[:, unit]))
        p = float(probs[best, unit])
        if p < cal.thresholds.cover:
            continue
        text = statements.texts[best]
        swapped = polar_conflict(word_stems(text), view.words[unit]) or switch_conflict(
            text, view.sentences[unit]
        )
        dropped = (
            best >= statements.n_points
            and p >= RESTATEMENT
            and negated_verb(text)
            and not view.negated[unit]
        )
        if (swapped and has_negation(text) == view.negated[unit]) or (dropped and not swapped):
            out.append(Contradiction(statements.owners[best], unit))
    return out


def blank_contradictions(
    probs: NDArray[np.float64], inverted: list[Contradiction], view: AnswerView
) -> None:
    """A unit that inverts a point, and the sentence it belongs to, are evidence for nothing
    (the sentence's other clauses remain units of their own)."""
    for c in inverted:
        probs[:, c.unit] = 0.0
        probs[:, view.parents[c.unit]] = 0.0
