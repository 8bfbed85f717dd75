"""The rubric grader for free-text concept answers.

Every key point is scored against every answer sentence with a calibrated mix of embedding
similarity and lexical evidence (`features.py`, `calibration.py`); a point is covered only
through one sentence, which is quoted as its evidence. Misconceptions are matched the same way.
"""

from __future__ import annotations

from mlcoach.grading import feedback
from mlcoach.grading.calibration import Calibration, default_calibration
from mlcoach.grading.coverage import (
    Match,
    closest,
    dedupe,
    match_all,
    off_topic,
    screen,
    view_of,
)
from mlcoach.grading.embeddings import Embedder
from mlcoach.grading.features import AnswerView
from mlcoach.grading.guards import CAPPING_FLAGS, echo_flag, padding_flag
from mlcoach.grading.types import GradeResult, MisconceptionHit, PointResult, Rubric

PADDING_FACTOR = 0.9         # long padded answers keep 90% of what they earned


def grade_answer(rubric: Rubric, answer: str, embedder: Embedder,
                 calibration: Calibration | None = None) -> GradeResult:
    """Grade one answer against a rubric; pure apart from the embedder's cache."""
    cal = calibration or default_calibration()
    screened = screen(answer)
    flags = screened.flags
    if not screened.gradable:
        return _non_answer(rubric, flags, embedder)
    view = view_of(rubric.question, screened.usable, embedder)
    point_texts = [p.text for p in rubric.key_points]
    points = match_all(rubric.question, point_texts, view, embedder, cal)
    wrong = match_all(rubric.question, rubric.misconceptions, view, embedder, cal)
    flags += echo_flag(answer, rubric.question, view.question_sims.tolist())
    flags += off_topic(rubric.question, point_texts, view, embedder)
    flags += padding_flag(answer, rubric.reference_answer)
    return _assemble(rubric, view, points, wrong, dedupe(flags), embedder, cal)


def _assemble(rubric: Rubric, view: AnswerView, points: list[Match], wrong: list[Match],
              flags: tuple[str, ...], embedder: Embedder, cal: Calibration) -> GradeResult:
    hits = misconception_hits(rubric, view, wrong, embedder, cal)
    cancelled = {h.cost_point for h in hits}
    results = tuple(
        PointResult(kp.text, covered, view.sentences[m.sentence] if covered else "",
                    kp.weight, m.probability)
        for kp, m in zip(rubric.key_points, points, strict=True)
        for covered in [m.probability >= cal.thresholds.cover and kp.text not in cancelled]
    )
    score = rubric_score(results, len(hits), flags, cal)
    return GradeResult(
        score=score, key_points=results, misconceptions=tuple(hits), flags=flags,
        follow_up=feedback.follow_up(rubric, results, embedder),
        feedback=feedback.summary(score, results, hits, flags),
    )


def misconception_hits(rubric: Rubric, view: AnswerView, wrong: list[Match],
                       embedder: Embedder, cal: Calibration) -> list[MisconceptionHit]:
    """Misconceptions the answer states; each cancels the key point it contradicts most."""
    hits = []
    point_texts = [p.text for p in rubric.key_points]
    for text, match in zip(rubric.misconceptions, wrong, strict=True):
        if match.probability >= cal.thresholds.misconception:
            cost = point_texts[closest(point_texts, text, embedder)] if point_texts else ""
            hits.append(MisconceptionHit(text, view.sentences[match.sentence], cost))
    return hits


def rubric_score(results: tuple[PointResult, ...], n_hits: int, flags: tuple[str, ...],
                 cal: Calibration) -> int:
    """Weighted share of covered points, minus misconceptions, capped for non-answers."""
    total = sum(p.weight for p in results) or 1.0
    th = cal.thresholds
    earned = sum(p.weight * (1.0 if p.covered else th.partial_credit * p.confidence)
                 for p in results)
    score = 100.0 * earned / total - th.misconception_penalty * n_hits
    if "padding" in flags:
        score *= PADDING_FACTOR
    if CAPPING_FLAGS.intersection(flags):
        score = min(score, th.cap)
    return int(round(min(100.0, max(0.0, score))))


def _non_answer(rubric: Rubric, flags: list[str], embedder: Embedder) -> GradeResult:
    results = tuple(PointResult(kp.text, False, "", kp.weight) for kp in rubric.key_points)
    final = dedupe(flags)
    return GradeResult(score=0, key_points=results, flags=final,
                       follow_up=feedback.follow_up(rubric, results, embedder),
                       feedback=feedback.summary(0, results, [], final))
