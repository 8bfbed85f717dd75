"""The rubric grader for free-text concept answers.

Every key point is scored against every answer sentence with a calibrated mix of embedding
similarity and lexical evidence (`features.py`, `calibration.py`); a point is covered only
through one sentence, which is quoted as its evidence. Misconceptions are matched the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from mlcoach.grading import feedback
from mlcoach.grading.calibration import Calibration, default_calibration
from mlcoach.grading.embeddings import Embedder, encode_cached
from mlcoach.grading.features import AnswerView, make_view, reference_features
from mlcoach.grading.guards import (
    CAPPING_FLAGS,
    echo_flag,
    is_prose,
    padding_flag,
    structure_flags,
    text_flags,
)
from mlcoach.grading.text import content_stems, split_sentences
from mlcoach.grading.types import GradeResult, MisconceptionHit, PointResult, Rubric

OFF_TOPIC_SIMILARITY = 0.3   # below this an answer relates to neither question nor rubric
PADDING_FACTOR = 0.9         # long padded answers keep 90% of what they earned


@dataclass(frozen=True)
class _Match:
    probability: float
    sentence: int


def grade_answer(rubric: Rubric, answer: str, embedder: Embedder,
                 calibration: Calibration | None = None) -> GradeResult:
    """Grade one answer against a rubric; pure apart from the embedder's cache."""
    cal = calibration or default_calibration()
    flags = text_flags(answer)
    sentences = _unique(split_sentences(answer))
    prose = [is_prose(s) for s in sentences]
    flags += structure_flags(sentences, prose)
    usable = [s for s, ok in zip(sentences, prose, strict=True) if ok]
    if "empty" in flags or not usable:
        return _non_answer(rubric, flags, embedder)
    view = _view(rubric, usable, embedder)
    points = _match_all(rubric, [p.text for p in rubric.key_points], view, embedder, cal)
    wrong = _match_all(rubric, list(rubric.misconceptions), view, embedder, cal)
    flags += echo_flag(answer, rubric.question, view.question_sims.tolist())
    flags += _off_topic(rubric, view, embedder)
    flags += padding_flag(answer, rubric.reference_answer)
    return _assemble(rubric, view, points, wrong, _dedupe(flags), embedder, cal)


def _unique(sentences: list[str]) -> list[str]:
    # Repeating a sentence must not add evidence (or weight) to an answer.
    seen: set[str] = set()
    out = []
    for s in sentences:
        key = " ".join(s.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def _dedupe(flags: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(flags))


def _view(rubric: Rubric, sentences: list[str], embedder: Embedder) -> AnswerView:
    question_vec = encode_cached(embedder, (rubric.question,))[0]
    return make_view(sentences, embedder.encode(sentences), question_vec)


def _match_all(rubric: Rubric, texts: list[str], view: AnswerView, embedder: Embedder,
               cal: Calibration) -> list[_Match]:
    """Best sentence and coverage probability for each reference text."""
    if not texts:
        return []
    vectors = encode_cached(embedder, tuple(texts))
    question_stems = frozenset(content_stems(rubric.question))
    out = []
    for text, vector in zip(texts, vectors, strict=True):
        probs = cal.probability(reference_features(text, vector, view, question_stems))
        best = int(np.argmax(probs))
        out.append(_Match(float(probs[best]), best))
    return out


def _off_topic(rubric: Rubric, view: AnswerView, embedder: Embedder) -> list[str]:
    texts = (rubric.question, *(p.text for p in rubric.key_points))
    sims: NDArray[np.float32] = view.vectors @ encode_cached(embedder, texts).T
    return ["off_topic"] if float(sims.max()) < OFF_TOPIC_SIMILARITY else []


def _assemble(rubric: Rubric, view: AnswerView, points: list[_Match], wrong: list[_Match],
              flags: tuple[str, ...], embedder: Embedder, cal: Calibration) -> GradeResult:
    hits = _misconception_hits(rubric, view, wrong, embedder, cal)
    cancelled = {h.cost_point for h in hits}
    results = tuple(
        PointResult(kp.text, covered, view.sentences[m.sentence] if covered else "",
                    kp.weight, m.probability)
        for kp, m in zip(rubric.key_points, points, strict=True)
        for covered in [m.probability >= cal.thresholds.cover and kp.text not in cancelled]
    )
    score = _score(results, len(hits), flags, cal)
    return GradeResult(
        score=score, key_points=results, misconceptions=tuple(hits), flags=flags,
        follow_up=feedback.follow_up(rubric, results, embedder),
        feedback=feedback.summary(score, results, hits, flags),
    )


def _misconception_hits(rubric: Rubric, view: AnswerView, wrong: list[_Match],
                        embedder: Embedder, cal: Calibration) -> list[MisconceptionHit]:
    """Misconceptions the answer states; each cancels the key point it contradicts most."""
    hits = []
    for text, match in zip(rubric.misconceptions, wrong, strict=True):
        if match.probability >= cal.thresholds.misconception:
            hits.append(MisconceptionHit(text, view.sentences[match.sentence],
                                         _closest_point(rubric, text, embedder)))
    return hits


def _closest_point(rubric: Rubric, text: str, embedder: Embedder) -> str:
    if not rubric.key_points:
        return ""
    points = encode_cached(embedder, tuple(p.text for p in rubric.key_points))
    vector = encode_cached(embedder, (text,))[0]
    return rubric.key_points[int(np.argmax(points @ vector))].text


def _score(results: tuple[PointResult, ...], n_hits: int, flags: tuple[str, ...],
           cal: Calibration) -> int:
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
    final = _dedupe(flags)
    return GradeResult(score=0, key_points=results, flags=final,
                       follow_up=feedback.follow_up(rubric, results, embedder),
                       feedback=feedback.summary(0, results, [], final))
