"""The rubric grader for free-text concept answers.

Every key point is scored against every answer sentence with a calibrated mix of embedding
similarity and lexical evidence (`features.py`, `calibration.py`); a point is covered only
through one sentence, which is quoted as its evidence. Misconceptions are matched the same way.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from mlcoach.grading import feedback
from mlcoach.grading.calibration import Calibration, default_calibration
from mlcoach.grading.claims import Coverage, point_coverage, statements_of
from mlcoach.grading.coverage import (
    closest,
    dedupe,
    off_topic,
    probabilities,
    screen,
    stating_unit,
    view_of,
)
from mlcoach.grading.embeddings import Embedder
from mlcoach.grading.features import AnswerView
from mlcoach.grading.guards import CAPPING_FLAGS, ZEROING_FLAGS, echo_flag, padding_flag
from mlcoach.grading.inversions import (
    Contradiction,
    blank_contradictions,
    contradictions,
    polar_inversions,
)
from mlcoach.grading.text import split_sentences
from mlcoach.grading.types import GradeResult, MisconceptionHit, PointResult, Rubric

PADDING_FACTOR = 0.9  # long padded answers keep 90% of what they earned
INVERTED_PREFIX = "States the opposite of this key point: "


def grade_answer(
    rubric: Rubric, answer: str, embedder: Embedder, calibration: Calibration | None = None
) -> GradeResult:
    """Grade one answer against a rubric; pure apart from the embedder's cache."""
    cal = calibration or default_calibration()
    screened = screen(answer)
    flags = screened.flags
    if not screened.gradable:
        return _non_answer(rubric, _list_topic(rubric, answer, flags, embedder), embedder)
    view = view_of(rubric.question, screened.usable, embedder)
    point_texts = [p.text for p in rubric.key_points]
    statements = statements_of(tuple(point_texts))
    probs = probabilities(rubric.question, statements.texts, view, embedder, cal)
    inverted = contradictions(rubric.question, statements, probs, view, embedder, cal)
    inverted += polar_inversions(statements, probs, view, cal)
    blank_contradictions(probs, inverted, view)
    wrong = probabilities(rubric.question, rubric.misconceptions, view, embedder, cal)
    flags += echo_flag(answer, rubric.question, view.question_sims.tolist())
    flags += off_topic(rubric.question, point_texts, view, embedder)
    flags += padding_flag(answer, rubric.reference_answer)
    hits = misconception_hits(rubric, view, wrong, probs, embedder, cal) + inversion_hits(
        rubric, view, inverted
    )
    coverage = point_coverage(statements, probs, cal.thresholds.cover)
    return _assemble(rubric, view, coverage, hits, dedupe(flags), embedder, cal)


def _assemble(
    rubric: Rubric,
    view: AnswerView,
    coverage: list[Coverage],
    hits: list[MisconceptionHit],
    flags: tuple[str, ...],
    embedder: Embedder,
    cal: Calibration,
) -> GradeResult:
    cancelled = {h.cost_point for h in hits}
    results = tuple(
        PointResult(
            kp.text,
            covered,
            view.sentences[c.unit] if covered else "",
            kp.weight,
            c.probability,
            c.share if covered else 0.0,
        )
        for kp, c in zip(rubric.key_points, coverage, strict=True)
        for covered in [c.share > 0 and kp.text not in cancelled]
    )
    score = rubric_score(results, len(hits), flags, cal)
    return GradeResult(
        score=score,
        key_points=results,
        misconceptions=tuple(hits),
        flags=flags,
        follow_up=feedback.follow_up(rubric, results, embedder),
        feedback=feedback.summary(score, results, hits, flags),
    )


def misconception_hits(
    rubric: Rubric,
    view: AnswerView,
    wrong: NDArray[np.float64],
    point_probs: NDArray[np.float64],
    embedder: Embedder,
    cal: Calibration,
) -> list[MisconceptionHit]:
    """Misconceptions the answer states; each cancels the key point it contradicts most."""
    hits = []
    point_texts = [p.text for p in rubric.key_points]
    for text, row in zip(rubric.misconceptions, wrong, strict=True):
        th = cal.thresholds
        unit = stating_unit(text, row, point_probs, view, th.misconception, th.misconception_margin)
        if unit is not None:
            cost = point_texts[closest(point_texts, text, embedder)] if point_texts else ""
            hits.append(MisconceptionHit(text, view.sentences[unit], cost))
    return hits


def inversion_hits(
    rubric: Rubric, view: AnswerView, inverted: list[Contradiction]
) -> list[MisconceptionHit]:
    """One hit per key point stated back to front (the first unit that does it is quoted)."""
    hits: dict[int, MisconceptionHit] = {}
    for c in inverted:
        point = rubric.key_points[c.point].text
        hits.setdefault(
            c.point, MisconceptionHit(f"{INVERTED_PREFIX}{point}", view.sentences[c.unit], point)
        )
    return list(hits.values())


def rubric_score(
    results: tuple[PointResult, ...], n_hits: int, flags: tuple[str, ...], cal: Calibration
) -> int:
    """Weighted share of covered points, minus misconceptions, capped for non-answers."""
    if ZEROING_FLAGS.intersection(flags):
        return 0
    total = sum(p.weight for p in results) or 1.0
    th = cal.thresholds
    earned = sum(
        p.weight * (p.share if p.covered else th.partial_credit * p.confidence) for p in results
    )
    score = 100.0 * earned / total - th.misconception_penalty * n_hits
    if "padding" in flags:
        score *= PADDING_FACTOR
    if CAPPING_FLAGS.intersection(flags):
        score = min(score, th.cap)
    return round(min(100.0, max(0.0, score)))


def _list_topic(rubric: Rubric, answer: str, flags: list[str], embedder: Embedder) -> list[str]:
    """A list of words that are not even about the question ("banana, purple, keyboard,
    lorem ipsum") is reported as off topic rather than as terms to connect."""
    if "keyword_list" not in flags:
        return flags
    view = view_of(rubric.question, split_sentences(answer), embedder)
    if not off_topic(rubric.question, [p.text for p in rubric.key_points], view, embedder):
        return flags
    return ["off_topic" if f == "keyword_list" else f for f in flags]


def _non_answer(rubric: Rubric, flags: list[str], embedder: Embedder) -> GradeResult:
    results = tuple(PointResult(kp.text, False, "", kp.weight) for kp in rubric.key_points)
    final = dedupe(flags)
    return GradeResult(
        score=0,
        key_points=results,
        flags=final,
        follow_up=feedback.follow_up(rubric, results, embedder),
        feedback=feedback.summary(0, results, [], final),
    )
