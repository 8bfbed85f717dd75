"""What an answer missed, priced in interview minutes, so the biggest gaps can be ranked.

Each graded turn splits its time box over the things its grade checks (weighted key points,
design-step points, STAR elements, hidden tests). A missed element costs its share of the box;
one the candidate only reached after the follow-up costs half.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from mlcoach.content.models import AnyItem, BehavioralPrompt
from mlcoach.grading.design import MISTAKE_PENALTY, MISTAKES
from mlcoach.grading.star import PARTS
from mlcoach.grading.star import WEIGHTS as STAR_WEIGHTS
from mlcoach.interview.grades import UNGRADED, asks_for_story, point_outcomes
from mlcoach.interview.state import SessionState, Turn

FOLLOW_UP_DISCOUNT = 0.5  # a point reached only after the interviewer's prompt costs half
OWNED = 0.5  # share of "I" among first-person subjects below which ownership is a gap
STAR_TEXT = {
    "situation": "set the scene (situation) of the story",
    "task": "say what you were responsible for (task)",
    "action": "say step by step what you did (action)",
    "result": "state the outcome (result)",
}


class Gap(BaseModel):
    text: str
    item_id: str
    title: str
    section_id: str
    topic: str
    minutes_lost: float


@dataclass(frozen=True)
class Element:
    """One thing a grade checks, with its share of the turn's time box."""

    text: str
    share: float
    covered: bool


def elements(turn: Turn, result: Mapping[str, Any], item: AnyItem | None) -> list[Element]:
    """What this turn's grade checked; nothing for an answer that could not be graded."""
    if UNGRADED in (result.get("flags") or []):
        return []
    if turn.item_kind == "challenge":
        return [_tests(result)]
    points = point_outcomes(turn, result, item)
    if isinstance(item, BehavioralPrompt) and not asks_for_story(item):
        return _weighted(points, 1.0)  # no story asked for: only its signals can be missed
    if turn.item_kind == "behavioral":
        return _star(result) + _weighted(points, STAR_WEIGHTS["signals"] / 100.0)
    return _weighted(points, 1.0)


def _tests(result: Mapping[str, Any]) -> Element:
    passed, total = int(result.get("passed", 0)), int(result.get("total", 0))
    verdict = str(result.get("verdict", "?"))
    if total == 0:
        return Element(f"the solution ran no hidden test ({verdict})", 1.0, False)
    failing = total - passed
    text = f"{failing} of {total} hidden tests failing ({verdict})"
    return Element(text, failing / total, failing == 0)


def _star(result: Mapping[str, Any]) -> list[Element]:
    parts = result.get("parts") or {}
    out = [
        Element(STAR_TEXT[p], STAR_WEIGHTS[p] / 100.0, bool((parts.get(p) or {}).get("present")))
        for p in PARTS
    ]
    out.append(
        Element(
            "quantify the result (a number, a before/after)",
            STAR_WEIGHTS["measurable"] / 100.0,
            bool(result.get("measurable_results")),
        )
    )
    out.append(
        Element(
            "say what you learned or would do differently",
            STAR_WEIGHTS["lessons"] / 100.0,
            bool(result.get("lessons")),
        )
    )
    out.append(
        Element(
            "say what you did yourself ('I', not 'we')",
            STAR_WEIGHTS["ownership"] / 100.0,
            float(result.get("ownership", 0.0)) >= OWNED,
        )
    )
    return out


def _weighted(points: Sequence[Any], scale: float) -> list[Element]:
    total = sum(p.weight for p in points)
    if not total:
        return []
    return [Element(p.text, scale * p.weight / total, p.covered) for p in points]


def question_gaps(
    turns: Sequence[tuple[int, Turn]],
    item: AnyItem | None,
    state: SessionState,
    mistakes: Sequence[str] = (),
) -> list[Gap]:
    """Every missed element of one question's turns, plus its classic design mistakes."""
    gaps: list[Gap] = []
    for index, turn in turns:
        gaps += _turn_gaps(turn, state.follow_up_of(index), item)
    if turns:
        head = turns[0][1]
        minutes = sum(t.seconds for _, t in turns) / 60.0
        gaps += [_gap(head, MISTAKES[m], MISTAKE_PENALTY / 100.0 * minutes) for m in mistakes]
    return gaps


def _turn_gaps(turn: Turn, follow_up: Turn | None, item: AnyItem | None) -> list[Gap]:
    minutes = turn.seconds / 60.0
    if turn.status != "graded" or turn.result is None:
        return [_gap(turn, "not answered", minutes)]  # the gap carries the title
    later: set[str] = set()
    if follow_up is not None and follow_up.status == "graded" and follow_up.result is not None:
        later = {e.text for e in elements(follow_up, follow_up.result, item) if e.covered}
    gaps = []
    for element in elements(turn, turn.result, item):
        if element.covered:
            continue
        discount = FOLLOW_UP_DISCOUNT if element.text in later else 1.0
        gaps.append(_gap(turn, element.text, element.share * minutes * discount))
    return gaps


def _label(turn: Turn) -> str:
    return f"{turn.title} ({turn.step_title})" if turn.step_title else turn.title


def _gap(turn: Turn, text: str, minutes: float) -> Gap:
    return Gap(
        text=text,
        item_id=turn.item_id,
        title=_label(turn),
        section_id=turn.section_id,
        topic=turn.topic,
        minutes_lost=round(minutes, 2),
    )
