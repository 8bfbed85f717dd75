"""Builders for the interview room's tests (imported as `interview.builders`): turns, grades, banks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from mlcoach.content.loader import Bank
from mlcoach.interview.state import SessionState, Turn
from support import FIXTURE_BANK, loaded_bank

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def fixture_bank() -> Bank:
    return loaded_bank(FIXTURE_BANK)


def turn(item_id: str = "q1", item_kind: str = "concept", seconds: int = 300, **extra: Any) -> Turn:
    fields: dict[str, Any] = {
        "kind": "question",
        "section_id": extra.pop("section_id", "s1"),
        "section_title": "Section one",
        "item_id": item_id,
        "item_kind": item_kind,
        "title": item_id.replace("-", " ").capitalize(),
        "topic": extra.pop("topic", "ml-fundamentals"),
        "seconds": seconds,
    }
    fields.update(extra)
    return Turn(**fields)


def rubric_result(
    score: float, covered: list[bool], follow_up: str = "", **extra: Any
) -> dict[str, Any]:
    points = [{"text": f"p{i + 1}", "covered": c, "evidence": ""} for i, c in enumerate(covered)]
    return {
        "score": score,
        "key_points": points,
        "misconceptions": [],
        "flags": [],
        "follow_up": follow_up,
        "feedback": "",
        **extra,
    }


def star_result(
    score: float,
    present: dict[str, bool],
    signals: list[bool],
    *,
    ownership: float = 0.8,
    measurable: bool = True,
    lessons: bool = True,
    red_flags: int = 0,
    follow_up: str = "What did you personally do?",
) -> dict[str, Any]:
    return {
        "score": score,
        "parts": {k: {"present": v, "evidence": ""} for k, v in present.items()},
        "thin_part": "task",
        "ownership": ownership,
        "measurable_results": ["cut latency by 30%"] if measurable else [],
        "lessons": ["I learned to ask early."] if lessons else [],
        "key_points": [
            {"text": f"s{i + 1}", "covered": c, "evidence": ""} for i, c in enumerate(signals)
        ],
        "red_flags": [f"flag {i}" for i in range(red_flags)],
        "flags": [],
        "follow_up": follow_up,
        "feedback": "",
    }


def answer_and_grade(
    state: SessionState,
    answer: str,
    result: dict[str, Any],
    score: float,
    *,
    after: float = 60.0,
    follow_up: str | None = None,
) -> None:
    """Show the current turn at T0-based time, answer after `after` seconds, record the grade."""
    start = state.last_seen or T0
    state.show(start)
    state.submit(answer, start + timedelta(seconds=after))
    state.record(result, score, follow_up)
