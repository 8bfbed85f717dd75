"""System-design answers: rubric coverage per framework step, plus the classic mistakes.

Step rubrics are matched with the same coverage model as concept key points. The mistakes are
checked with transparent patterns: talking about a model before clarifying requirements, never
naming a metric, never mentioning monitoring. Pitfalls from the prompt are matched like
misconceptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mlcoach.grading.calibration import Calibration, default_calibration
from mlcoach.grading.coverage import (
    dedupe,
    match_all,
    off_topic,
    probabilities,
    screen,
    stating_unit,
    view_of,
)
from mlcoach.grading.embeddings import Embedder
from mlcoach.grading.features import AnswerView
from mlcoach.grading.feedback import generated_follow_up
from mlcoach.grading.guards import CAPPING_FLAGS, FLAG_REASONS, ZEROING_FLAGS
from mlcoach.grading.types import KeyPoint, PointResult

DESIGN_VERSION = "design-1"
STEPS = ("requirements", "framing", "data", "model", "serving")
STEP_WEIGHTS = {
    "requirements": 5.0,
    "framing": 5.0,
    "data": 10.0,
    "model": 10.0,
    "serving": 10.0,
}  # the framework's time boxes, in minutes
MISTAKE_PENALTY = 8.0
MISTAKES = {
    "model_before_requirements": "Talked about the model before clarifying requirements.",
    "no_metrics": "Named no offline or online metric to judge the system by.",
    "no_monitoring": "Said nothing about monitoring, drift or retraining after launch.",
}
_REQUIREMENTS = re.compile(
    r"\b(requirement|clarify|clarif|ask|assum|scope|goal|objective|constraint|how many|scale|"
    r"latency|qps|users|budget|sla|business|success)\w*",
    re.I,
)
_MODEL = re.compile(
    r"\b(model|neural|network|transformer|bert|xgboost|gbdt|lightgbm|boost|logistic "
    r"regression|two-tower|embedding|cnn|lstm|architecture|fine-tun|train)\w*",
    re.I,
)
_METRICS = re.compile(
    r"\b(metric|precision|recall|auc|ndcg|map@|mrr|ctr|click-through|accuracy|f1|rmse|mae|"
    r"log[- ]loss|a/b|ab test|online experiment|conversion|retention|engagement|hit rate|"
    r"calibration|watch time|revenue)\w*",
    re.I,
)
_MONITORING = re.compile(
    r"\b(monitor|drift|alert|dashboard|retrain|feedback loop|observab|logging|shadow|canary|"
    r"rollback|degrad|stale)\w*",
    re.I,
)


@dataclass(frozen=True)
class DesignRubric:
    question: str
    steps: dict[str, tuple[KeyPoint, ...]]
    pitfalls: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()


@dataclass(frozen=True)
class DesignResult:
    score: int
    steps: dict[str, tuple[int, tuple[PointResult, ...]]]
    mistakes: tuple[str, ...]
    pitfalls: tuple[str, ...]
    flags: tuple[str, ...]
    follow_up: str
    feedback: str
    version: str = DESIGN_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "steps": {
                k: {"score": s, "key_points": [p.to_dict() for p in pts]}
                for k, (s, pts) in self.steps.items()
            },
            "mistakes": list(self.mistakes),
            "pitfalls": list(self.pitfalls),
            "flags": list(self.flags),
            "follow_up": self.follow_up,
            "feedback": self.feedback,
            "version": self.version,
        }


def mistakes(sentences: list[str]) -> list[str]:
    """Which of the classic mistakes the answer makes."""
    out = []
    first_req = _first(sentences, _REQUIREMENTS)
    first_model = _first(sentences, _MODEL)
    if first_model is not None and (first_req is None or first_model < first_req):
        out.append("model_before_requirements")
    if _first(sentences, _METRICS) is None:
        out.append("no_metrics")
    if _first(sentences, _MONITORING) is None:
        out.append("no_monitoring")
    return out


def _first(sentences: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, s in enumerate(sentences) if pattern.search(s)), None)


def grade_design(
    rubric: DesignRubric, answer: str, embedder: Embedder, calibration: Calibration | None = None
) -> DesignResult:
    cal = calibration or default_calibration()
    screened = screen(answer)
    steps = {k: v for k, v in rubric.steps.items() if v}
    if not screened.gradable:
        return _non_answer(steps, dedupe(screened.flags))
    view = view_of(rubric.question, screened.usable, embedder)
    per_step = {k: _step(rubric.question, v, view, embedder, cal) for k, v in steps.items()}
    hit = _pitfalls(rubric, view, embedder, cal)
    errs = tuple(mistakes(screened.usable))
    all_points = [p.text for v in steps.values() for p in v]
    flags = dedupe(screened.flags + off_topic(rubric.question, all_points, view, embedder))
    score = _design_score(per_step, errs, hit, flags, cal)
    return DesignResult(
        score,
        per_step,
        errs,
        hit,
        flags,
        _design_follow_up(rubric, per_step),
        _design_feedback(per_step, errs, hit, flags),
    )


def _non_answer(steps: dict[str, tuple[KeyPoint, ...]], flags: tuple[str, ...]) -> DesignResult:
    empty = {
        k: (0, tuple(PointResult(p.text, False, "", p.weight) for p in v)) for k, v in steps.items()
    }
    return DesignResult(0, empty, (), (), flags, "", " ".join(FLAG_REASONS[f] for f in flags))


def _pitfalls(
    rubric: DesignRubric, view: AnswerView, embedder: Embedder, cal: Calibration
) -> tuple[str, ...]:
    """Pitfalls the answer falls into; a strong answer often names a pitfall to avoid it."""
    points = [p.text for v in rubric.steps.values() for p in v]
    point_probs = probabilities(rubric.question, points, view, embedder, cal)
    pits = probabilities(rubric.question, rubric.pitfalls, view, embedder, cal)
    th = cal.thresholds.misconception
    return tuple(
        t
        for t, row in zip(rubric.pitfalls, pits, strict=True)
        if stating_unit(t, row, point_probs, view, th) is not None
    )


def _step(
    question: str,
    points: tuple[KeyPoint, ...],
    view: AnswerView,
    embedder: Embedder,
    cal: Calibration,
) -> tuple[int, tuple[PointResult, ...]]:
    matches = match_all(question, [p.text for p in points], view, embedder, cal)
    results = tuple(
        PointResult(p.text, ok, view.sentences[m.sentence] if ok else "", p.weight, m.probability)
        for p, m in zip(points, matches, strict=True)
        for ok in [m.probability >= cal.thresholds.cover]
    )
    total = sum(p.weight for p in results) or 1.0
    return round(100 * sum(p.weight for p in results if p.covered) / total), results


def _design_score(
    per_step: dict[str, tuple[int, tuple[PointResult, ...]]],
    errs: tuple[str, ...],
    pitfalls: tuple[str, ...],
    flags: tuple[str, ...],
    cal: Calibration,
) -> int:
    weights = {k: STEP_WEIGHTS.get(k, 5.0) for k in per_step}
    total = sum(weights.values()) or 1.0
    score = sum(weights[k] * s for k, (s, _) in per_step.items()) / total
    score -= MISTAKE_PENALTY * len(errs) + cal.thresholds.misconception_penalty * len(pitfalls)
    if CAPPING_FLAGS.intersection(flags):
        score = min(score, cal.thresholds.cap)
    if ZEROING_FLAGS.intersection(flags):
        score = 0.0
    return round(max(0.0, min(100.0, score)))


def _design_follow_up(
    rubric: DesignRubric, per_step: dict[str, tuple[int, tuple[PointResult, ...]]]
) -> str:
    missed = [p for _, pts in per_step.values() for p in pts if not p.covered]
    if not missed:
        return rubric.follow_ups[0] if rubric.follow_ups else ""
    target = max(missed, key=lambda p: (p.weight, -p.confidence))
    return generated_follow_up(target.text, rubric.question)


def _design_feedback(
    per_step: dict[str, tuple[int, tuple[PointResult, ...]]],
    errs: tuple[str, ...],
    pitfalls: tuple[str, ...],
    flags: tuple[str, ...],
) -> str:
    parts = [reason for f in flags if (reason := FLAG_REASONS.get(f))]
    if per_step:
        weakest = min(per_step, key=lambda k: per_step[k][0])
        parts.append(f"Weakest step: {weakest} ({per_step[weakest][0]}/100).")
    parts += [MISTAKES[e] for e in errs]
    parts += [f"Pitfall: {p}." for p in pitfalls]
    return " ".join(parts)
