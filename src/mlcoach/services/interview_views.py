"""The JSON shapes of an interview session: its summary and the turn on screen with its clock.

The web app renders exactly these dicts, so every field a page needs is explicit: turn index,
kind, section, prompt Markdown, seconds left, the warning flag and the deadline in ISO UTC.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from mlcoach.content.models import Challenge
from mlcoach.interview.prompts import turn_prompt
from mlcoach.interview.state import WARNING_SHARE, SessionState, Turn
from mlcoach.services.coach import Coach
from mlcoach.services.interview_grading import item_or_none
from mlcoach.storage.tables import InterviewSession

CHOSEN = "chosen_items"  # key in the blueprint snapshot: section id -> item ids


def workspace_file(coach: Coach, session_id: str, challenge_id: str) -> Path:
    """Interview code lives apart from practice code, one folder per session."""
    root = coach.settings.effective_workspace_dir
    return root / "interviews" / session_id / f"{challenge_id}.py"


def prepare_workspace(coach: Coach, session_id: str, turn: Turn) -> None:
    """For a coding turn: the starter file (never over existing work) and the starter as the
    first draft."""
    item = item_or_none(coach, turn.item_id)
    if not isinstance(item, Challenge):
        return
    path = workspace_file(coach, session_id, item.id)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.starter, encoding="utf-8")
    if not turn.draft:
        turn.draft = item.starter


def summary(row: InterviewSession) -> dict[str, Any]:
    """One session for lists: blueprint, status, times (ISO UTC), progress and total."""
    state = SessionState.from_dict(row.state)
    total = None
    if row.report:
        total = (row.report.get("scorecard") or {}).get("total")
    return {
        "session_id": row.id,
        "blueprint_id": row.blueprint_id,
        "title": row.blueprint.get("title", row.blueprint_id),
        "status": row.status,
        "started_at": row.started_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
        "turn_index": state.position,
        "turn_count": len(state.turns),
        **question_position(state),
        "seed": state.seed,
        "sections": [
            {"id": s["id"], "title": s["title"], "minutes": s["minutes"]}
            for s in row.blueprint.get("sections", [])
        ],
        "chosen_items": row.blueprint.get(CHOSEN, {}),
        "total": total,
    }


def question_position(state: SessionState) -> dict[str, int]:
    """Which question of how many is on screen. A follow-up shares its question's key and the
    design steps their prompt's, so the count stays put as follow-ups are added."""
    keys = list(dict.fromkeys(turn.question_key for turn in state.turns))
    shown = state.current()
    number = keys.index(shown.question_key) + 1 if shown is not None else len(keys)
    return {"question_number": number, "question_count": len(keys)}


def clock_view(state: SessionState, now: datetime) -> dict[str, Any]:
    clock = state.clock(now)
    return {
        "seconds": clock.seconds,
        "seconds_left": round(clock.remaining, 1),
        "warning": clock.warning,
        "warning_at_seconds_left": round((1.0 - WARNING_SHARE) * clock.seconds, 1),
        "timed_out": clock.timed_out,
        "deadline": clock.deadline.isoformat(),
    }


def turn_view(coach: Coach, row: InterviewSession, state: SessionState) -> dict[str, Any]:
    """The current (shown) turn as a page or the terminal needs it, with its clock."""
    turn = state.current()
    assert turn is not None
    item = item_or_none(coach, turn.item_id)
    sections = [s["id"] for s in row.blueprint.get("sections", [])]
    view: dict[str, Any] = {
        "session_id": row.id,
        "status": "running",
        "turn_index": state.position,
        "turn_count": len(state.turns),
        **question_position(state),
        "kind": turn.kind,
        "item_kind": turn.item_kind,
        "item_id": turn.item_id,
        "title": turn.title,
        "section_id": turn.section_id,
        "section_title": turn.section_title,
        "section_index": sections.index(turn.section_id) if turn.section_id in sections else None,
        "section_count": len(sections),
        "step_id": turn.step_id,
        "step_title": turn.step_title,
        "follow_up_of": turn.parent,
        "prompt": turn_prompt(turn, item),
        "shown_at": turn.shown_at.isoformat() if turn.shown_at else None,
        "draft": turn.draft,
        **clock_view(state, coach.now()),
    }
    if isinstance(item, Challenge):
        view["starter"] = item.starter
        view["workspace_file"] = str(workspace_file(coach, row.id, item.id))
    return view


def finished_view(row: InterviewSession, state: SessionState) -> dict[str, Any]:
    """No turn left: "complete" until `finish` saves the scorecard, then "finished"."""
    return {
        "session_id": row.id,
        "status": "complete" if row.status != "finished" else "finished",
        "turn_index": state.position,
        "turn_count": len(state.turns),
    }
