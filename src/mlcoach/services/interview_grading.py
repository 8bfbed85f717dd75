"""Grading one interview turn: free text through the graders, code through the judge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mlcoach.content import AnyItem
from mlcoach.interview.grades import UNGRADED, follow_up_for, turn_score
from mlcoach.interview.state import SessionState, Turn, design_transcript
from mlcoach.judge.executor import Executor
from mlcoach.services import challenges
from mlcoach.services.coach import Coach
from mlcoach.services.grading import GradingError, grade_item
from mlcoach.services.items import UnknownItem, find_item


@dataclass(frozen=True)
class TurnGrade:
    result: dict[str, Any]
    score: float
    follow_up: str | None


def item_or_none(coach: Coach, item_id: str) -> AnyItem | None:
    try:
        return find_item(coach, item_id)
    except UnknownItem:
        return None


def grade_turn(
    coach: Coach, state: SessionState, index: int, executor: Executor | None = None
) -> TurnGrade:
    """Grade the submitted turn at `index`; a follow-up is graded together with its question's
    answer, so points it adds count for the question."""
    turn = state.turns[index]
    item = item_or_none(coach, turn.item_id)
    answer = turn.answer or ""
    try:
        if turn.item_kind == "challenge":
            result = challenges.judge_answer(coach, turn.item_id, answer, executor)
        else:
            if turn.parent is not None:
                answer = f"{state.turns[turn.parent].answer or ''}\n\n{answer}".strip()
            result = grade_item(coach, turn.item_id, answer, store=False)
    except (GradingError, challenges.ChallengeError) as exc:
        result = ungraded(exc)  # retrying cannot help: the item is gone or not gradable
    return TurnGrade(result, turn_score(turn, result), follow_up_for(turn, result, item))


def ungraded(error: Exception) -> dict[str, Any]:
    """The result for an answer its item can no longer grade (e.g. a deck deleted since the
    interview started): it scores 0, prices no gap, asks no follow-up and says why."""
    return {
        "score": 0.0,
        "key_points": [],
        "flags": [UNGRADED],
        "follow_up": "",
        "feedback": f"Not graded: {error}",
    }


def design_keys_to_grade(state: SessionState) -> list[str]:
    """Designs whose every step (and follow-up) is graded but which have no overall grade."""
    keys = {t.question_key for t in state.turns if t.kind == "design-step"}
    return sorted(k for k in keys if k not in state.designs and state.question_done(k))


def grade_design(coach: Coach, state: SessionState, key: str) -> dict[str, Any]:
    """The whole design, all steps' answers in order, graded once for its classic mistakes."""
    turns: list[Turn] = state.turns_of(key)
    try:
        return grade_item(coach, turns[0].item_id, design_transcript(turns), store=False)
    except GradingError as exc:
        return ungraded(exc)
