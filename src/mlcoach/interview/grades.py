"""Reading a grade (or judge verdict) as the interviewer does: a score and what was missed.

The grade dicts are the JSON results of `grading` (rubric, STAR, design) and of the judge; the
bank item supplies the key-point weights, which the JSON leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mlcoach.content.models import (
    AnyItem,
    BehavioralPrompt,
    CaseStudy,
    ConceptQuestion,
    DesignPrompt,
)
from mlcoach.grading.calibration import default_calibration
from mlcoach.grading.feedback import generated_follow_up
from mlcoach.grading.guards import CAPPING_FLAGS, ZEROING_FLAGS
from mlcoach.grading.text import content_stems
from mlcoach.interview.state import Turn

UNGRADED = "ungraded"  # flag of a result for an answer whose item could not grade it


@dataclass(frozen=True)
class PointOutcome:
    text: str
    weight: float
    covered: bool


def turn_score(turn: Turn, result: Mapping[str, Any]) -> float:
    """0-100: the pass rate for code, the step's coverage for a design step, else the grade.

    A design step answer is graded alone, so its whole-design score means little; but a
    non-answer (a term list, an echo, words to the grader) is capped as the grader caps it.
    """
    if turn.item_kind == "challenge":
        return 100.0 * float(result.get("passed", 0)) / max(float(result.get("total", 0)), 1.0)
    if turn.step_id is not None:
        score = float(step_result(result, turn.step_id).get("score", 0))
        flags = set(result.get("flags") or [])
        if CAPPING_FLAGS & flags:
            score = min(score, float(default_calibration().thresholds.cap))
        return 0.0 if ZEROING_FLAGS & flags else score
    return float(result.get("score", 0))


def step_result(result: Mapping[str, Any], step_id: str) -> Mapping[str, Any]:
    steps = result.get("steps") or {}
    return dict(steps.get(step_id) or {})


def point_outcomes(
    turn: Turn, result: Mapping[str, Any], item: AnyItem | None
) -> list[PointOutcome]:
    """The rubric points this turn was graded on, each with its weight and whether covered."""
    if turn.step_id is not None:
        points = step_result(result, turn.step_id).get("key_points", [])
    else:
        points = result.get("key_points", [])
    weights = point_weights(item, turn.step_id)
    return [
        PointOutcome(str(p["text"]), weights.get(str(p["text"]), 1.0), bool(p["covered"]))
        for p in points
    ]


def point_weights(item: AnyItem | None, step_id: str | None) -> dict[str, float]:
    if isinstance(item, DesignPrompt) and step_id is not None:
        points = item.steps.get(step_id, ())
    elif isinstance(item, ConceptQuestion | CaseStudy):
        points = item.key_points
    elif isinstance(item, BehavioralPrompt):
        points = item.strong_signals
    else:
        return {}
    return {p.text: p.weight for p in points}


def missing_star_parts(result: Mapping[str, Any]) -> list[str]:
    parts = result.get("parts") or {}
    return [name for name, part in parts.items() if not part.get("present")]


def follow_up_for(turn: Turn, result: Mapping[str, Any], item: AnyItem | None) -> str | None:
    """The interviewer's follow-up when the answer missed key points, else None.

    Questions use the grade's own follow-up (aimed at the weightiest missed point, or at the
    weightiest missing STAR part); a design step asks about its weightiest missed step point; a
    behavioral question that asks for no story ("Why do you want to work here?") asks the
    prompt's own follow-up closest to its weightiest missed signal, not a STAR probe.
    """
    if turn.kind == "follow-up" or turn.item_kind == "challenge":
        return None
    if "empty" in (result.get("flags") or []):
        return None  # nothing was said: there is nothing to dig into
    missed = [p for p in point_outcomes(turn, result, item) if not p.covered]
    if turn.step_id is not None:
        if not missed:
            return None
        prompt = item.prompt if isinstance(item, DesignPrompt) else ""
        return generated_follow_up(max(missed, key=lambda p: p.weight).text, prompt)
    if isinstance(item, BehavioralPrompt) and not asks_for_story(item):
        return _closest_follow_up(item, max(missed, key=lambda p: p.weight)) if missed else None
    if turn.item_kind == "behavioral" and missing_star_parts(result):
        missed.append(PointOutcome("STAR structure", 1.0, False))
    text = str(result.get("follow_up") or "").strip()
    return text if missed and text else None


# Story prompts ask for a past episode; others ("Why this company?") ask for reasons or plans,
# where situation/task/action/result do not apply.
_STORY_CUE = re.compile(
    r"\b(?:tell me about|describe (?:a|an|the)|walk me through|give (?:me )?an example|"
    r"a time (?:when )?you|a situation)\b",
    re.IGNORECASE,
)


def asks_for_story(item: BehavioralPrompt) -> bool:
    """Whether a behavioral prompt asks for a story told in STAR form."""
    return bool(_STORY_CUE.search(item.prompt))


def _closest_follow_up(item: BehavioralPrompt, target: PointOutcome) -> str:
    """The prompt's follow-up sharing most content words with the missed signal."""
    wanted = set(content_stems(target.text))
    return max(item.follow_ups, key=lambda f: len(wanted & set(content_stems(f))))
