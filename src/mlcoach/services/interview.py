"""Mock interviews: start from a blueprint, run timed turns, grade, finish with a scorecard.

Every step is its own transaction and the session state is stored after each one, so a killed
process loses nothing: an answer is saved before it is graded, a draft after every line. The
CLI and the web app drive exactly these functions; each returns JSON-serialisable data.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.orm import Session, object_session

from mlcoach.content import Blueprint, ContentError, load_blueprint
from mlcoach.content.models import AnyItem
from mlcoach.interview.planner import PlanError, plan_turns
from mlcoach.interview.report import to_html, to_markdown
from mlcoach.interview.scorecard import Scorecard, build_scorecard
from mlcoach.interview.state import SessionState, Turn
from mlcoach.judge.executor import Executor
from mlcoach.services.coach import Coach
from mlcoach.services.interview_grading import (
    design_keys_to_grade,
    grade_design,
    grade_turn,
    item_or_none,
)
from mlcoach.services.interview_views import (
    CHOSEN,
    clock_view,
    finished_view,
    prepare_workspace,
    summary,
    turn_view,
)
from mlcoach.services.items import all_items
from mlcoach.services.practice import PracticeError, local_zone
from mlcoach.storage import interview_repo as repo
from mlcoach.storage.tables import InterviewAnswer, InterviewSession

ReportFormat = Literal["md", "html", "json"]


class InterviewError(Exception):
    """A request the service refuses, with what to do instead."""


class GradingFailed(InterviewError):
    """Grading a stored answer failed; the answer is kept and the next look at the session
    grades it again."""


def start(coach: Coach, blueprint: str, *, seed: int | None = None) -> dict[str, Any]:
    """Plan a new session from a bank blueprint id or a blueprint TOML file; nothing is shown
    yet (the first `current` call starts the first turn's clock)."""
    plan = resolve_blueprint(coach, blueprint)
    seed = secrets.randbelow(2**31) if seed is None else seed
    try:
        turns = plan_turns(
            plan, all_items(coach), coach.bank.manifest.design_steps, random.Random(seed)
        )
    except PlanError as exc:
        raise InterviewError(f"{blueprint}: {exc}") from None
    state = SessionState(seed=seed, turns=turns)
    chosen: dict[str, list[str]] = {}
    for turn in turns:
        ids = chosen.setdefault(turn.section_id, [])
        if turn.item_id not in ids:
            ids.append(turn.item_id)
    snapshot = {**plan.model_dump(mode="json"), CHOSEN: chosen}
    with coach.learner() as (session, user):
        row = repo.add_session(
            session,
            user,
            session_id=uuid.uuid4().hex[:12],
            blueprint=snapshot,
            state=state.to_dict(),
            now=coach.now(),
        )
        return summary(row)


def resolve_blueprint(coach: Coach, blueprint: str) -> Blueprint:
    """A bank blueprint by id, else the blueprint TOML file at that path."""
    found = coach.bank.blueprints.get(blueprint)
    if found is not None:
        return found
    path = Path(blueprint)
    if path.suffix != ".toml" and not path.exists():
        known = ", ".join(sorted(coach.bank.blueprints)) or "none"
        raise InterviewError(
            f"no blueprint '{blueprint}' (bank blueprints: {known}); pass one of those ids "
            "or a path to a blueprint .toml file"
        )
    try:
        return load_blueprint(path)
    except ContentError as exc:
        raise InterviewError(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:  # a folder, no permission, not UTF-8 text
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InterviewError(
            f"{blueprint}: cannot read the blueprint ({reason}); pass a bank blueprint id or "
            "a readable blueprint .toml file"
        ) from None


def current(coach: Coach, session_id: str, *, executor: Executor | None = None) -> dict[str, Any]:
    """The turn to answer now, with its clock. Shows a new turn (starting its clock), grades an
    answer a killed process left ungraded, and auto-submits a turn whose time box has passed,
    with its saved draft, marked timed out."""
    auto: list[int] = []
    while True:
        with _state(coach, session_id) as (row, state):
            turn = state.current()
            if turn is None or row.status == "finished":  # ended early: the rest stays unshown
                return {**finished_view(row, state), "auto_submitted": auto}
            now = coach.now()
            if turn.status == "pending":
                state.show(now)
                prepare_workspace(coach, row.id, turn)
            if turn.status == "shown" and state.clock(now).timed_out:
                auto.append(state.position)  # saved in the transaction that saw it overdue
                _submit(row, state, turn.draft, now)
            elif turn.status == "shown":
                state.touch(now)
                return {**turn_view(coach, row, state), "auto_submitted": auto}
        _grade_current(coach, session_id, executor)


def save_draft(
    coach: Coach, session_id: str, text: str, *, turn_index: int | None = None
) -> dict[str, Any]:
    """Keep what has been typed so far; returns the clock (this is also the heartbeat).
    With `turn_index`, a draft typed for a turn that is over is refused (see `_waiting`)."""
    with _state(coach, session_id) as (row, state):
        _still_running(row)
        _waiting(state, turn_index)
        now = coach.now()
        state.save_draft(text, now)
        return {"turn_index": state.position, **clock_view(state, now)}


def submit(
    coach: Coach,
    session_id: str,
    answer: str,
    *,
    executor: Executor | None = None,
    turn_index: int | None = None,
) -> dict[str, Any]:
    """Save the answer (its own transaction, before grading), grade it, maybe queue a
    follow-up and move on. A submission after the deadline is marked timed out. With
    `turn_index`, an answer written for a turn that is over is refused (see `_waiting`)."""
    index, turn = _store_answer(coach, session_id, answer, turn_index)
    graded = _grade_current(coach, session_id, executor)
    return {
        "turn_index": index,
        "timed_out": turn.timed_out,
        "score": graded.score if graded else None,
        "feedback": (graded.result or {}).get("feedback", "") if graded else "",
        "verdict": (graded.result or {}).get("verdict") if graded else None,
        "follow_up_queued": bool(graded and graded.follow_up_text),
    }


def _store_answer(
    coach: Coach, session_id: str, answer: str, turn_index: int | None
) -> tuple[int, Turn]:
    with _state(coach, session_id) as (row, state):
        _still_running(row)
        _waiting(state, turn_index)
        turn = _submit(row, state, answer, coach.now())
        return state.position, turn.model_copy()


def _still_running(row: InterviewSession) -> None:
    if row.status == "finished":
        raise InterviewError(
            f"interview {row.id} is finished and takes no more answers; "
            f"see `mlcoach interview report {row.id}`"
        )


def _waiting(state: SessionState, turn_index: int | None = None) -> Turn:
    """The shown turn waiting for an answer, or a refusal saying what to call first.

    A client that names the turn it wrote for (`turn_index`) is refused once that turn is over:
    a late request from a page left open (the server already handed the draft in at time-out)
    must not become the next question's answer.
    """
    if turn_index is not None and turn_index != state.position:
        raise InterviewError(
            f"turn {turn_index} is over; the interview is at turn {state.position}: "
            "show the current turn again and answer it"
        )
    turn = state.current()
    if turn is None or turn.status != "shown":
        raise InterviewError("no turn is waiting for an answer; call current() first")
    return turn


def _submit(row: InterviewSession, state: SessionState, answer: str, now: datetime) -> Turn:
    """Hand in the current turn's answer and store it as an `interview_answers` row, in the
    caller's transaction (grading comes after, in another)."""
    _waiting(state)
    turn = state.submit(answer, now)
    stored = repo.add_answer(
        _session_of(row),
        session_id=row.id,
        section_id=turn.section_id,
        item_id=turn.item_id,
        step=_step_label(turn),
        answer=answer,
        now=now,
        timed_out=turn.timed_out,
    )
    turn.answer_id = stored.id
    return turn


@dataclass(frozen=True)
class _Graded:
    score: float
    result: dict[str, Any]
    follow_up_text: str | None


def _grade_current(coach: Coach, session_id: str, executor: Executor | None) -> _Graded | None:
    """Grade the submitted current turn outside any transaction, then record the grade."""
    with _state(coach, session_id) as (_row, state):
        snapshot = state.model_copy(deep=True)
    index = snapshot.position
    turn = snapshot.current()
    if turn is None or turn.status != "submitted":
        return None
    try:
        grade = grade_turn(coach, snapshot, index, executor)
    except Exception as exc:  # whatever broke (model, sandbox), the stored answer stays
        raise GradingFailed(
            f"grading turn {index + 1} of interview {session_id} failed "
            f"({type(exc).__name__}: {exc}); the answer is saved, and "
            f"`mlcoach interview resume {session_id}` grades it again"
        ) from exc
    with _state(coach, session_id) as (row, state):
        now_turn = state.current()
        if state.position != index or now_turn is None or now_turn.answer_id != turn.answer_id:
            return None  # someone else recorded it meanwhile
        answer_row = _session_of(row).get(InterviewAnswer, turn.answer_id)
        if answer_row is not None:
            answer_row.result = grade.result
        queued = state.record(grade.result, grade.score, grade.follow_up)
        state.touch(coach.now())
    _grade_designs(coach, session_id)
    return _Graded(grade.score, grade.result, queued.prompt if queued else None)


def _grade_designs(coach: Coach, session_id: str) -> None:
    with _state(coach, session_id) as (_row, state):
        snapshot = state.model_copy(deep=True)
    for key in design_keys_to_grade(snapshot):
        result = grade_design(coach, snapshot, key)
        with _state(coach, session_id) as (_row, state):
            state.designs[key] = result


def finish(coach: Coach, session_id: str, *, executor: Executor | None = None) -> dict[str, Any]:
    """End the session: a shown turn is submitted with its draft, turns never reached count as
    unanswered, and the scorecard is saved with the session."""
    with _state(coach, session_id) as (row, state):
        if row.status == "finished" and row.report:
            return _stored_report(row)
        shown = state.current()
        if shown is not None and shown.status == "shown":
            _submit(row, state, shown.draft, coach.now())
    _grade_current(coach, session_id, executor)
    _grade_designs(coach, session_id)
    with _state(coach, session_id) as (row, state):
        card = build_scorecard(_blueprint_of(row), state, _items_of(coach, state))
        row.report = {"scorecard": card.model_dump(mode="json")}
        row.status = "finished"
        row.finished_at = coach.now()
        return _stored_report(row)


def resume(coach: Coach, session_id: str | None = None) -> dict[str, Any]:
    """Pick up a session (the latest unfinished one by default) where it stopped: the time it
    was away is given back to the current turn, and its saved draft comes back."""
    with coach.learner() as (session, user):
        if session_id is None:
            running = repo.sessions_of(session, user, status="running")
            if not running:
                raise InterviewError(
                    "no unfinished interview; start one with `mlcoach interview start phone-screen`"
                )
            session_id = running[0].id
    with _state(coach, session_id) as (row, state):
        if row.status == "finished":
            raise InterviewError(
                f"interview {session_id} is finished; see `mlcoach interview report {session_id}`"
            )
        state.resume(coach.now())
    return {**session_detail(coach, session_id), "turn": current(coach, session_id)}


def list_sessions(coach: Coach) -> list[dict[str, Any]]:
    """Every session, newest first, with its start in the learner's zone (UTC while
    MLCOACH_TIMEZONE is invalid: practice and progress report that setting)."""
    zone: tzinfo = UTC
    with suppress(PracticeError):
        zone = local_zone(coach)
    with coach.learner() as (session, user):
        rows = sorted(repo.sessions_of(session, user), key=lambda r: r.started_at, reverse=True)
        return [
            {**summary(row), "started_local": row.started_at.astimezone(zone).isoformat()}
            for row in rows
        ]


def session_detail(coach: Coach, session_id: str) -> dict[str, Any]:
    """The summary plus every answer given so far (what a resumed session shows first)."""
    with _state(coach, session_id) as (row, state):
        answers = [
            {
                "turn_index": i,
                "kind": t.kind,
                "title": t.title,
                "step_title": t.step_title,
                "answer": t.answer,
                "score": t.score,
                "timed_out": t.timed_out,
            }
            for i, t in enumerate(state.turns)
            if t.answer is not None
        ]
        return {**summary(row), "answers": answers}


def report(coach: Coach, session_id: str, fmt: ReportFormat = "md") -> dict[str, Any]:
    """A finished session's saved scorecard: Markdown or HTML `text`, or the JSON data."""
    with coach.learner() as (session, user):
        row = repo.get_session(session, user, session_id)
        if row is None:
            raise _unknown(session_id)
        if row.status != "finished" or not row.report:
            raise InterviewError(
                f"interview {session_id} is not finished; resume it with "
                f"`mlcoach interview resume {session_id}`"
            )
        card = Scorecard.model_validate(row.report["scorecard"])
        finished_at = row.finished_at
    if fmt == "json":
        return {"session_id": session_id, "format": fmt, "scorecard": card.model_dump(mode="json")}
    text = to_markdown(card, session_id, finished_at)
    if fmt == "html":
        text = to_html(text, f"Scorecard: {card.blueprint_title}")
    return {"session_id": session_id, "format": fmt, "text": text}


def answers(coach: Coach, session_id: str) -> list[dict[str, Any]]:
    """The stored answers in the order given (the record a killed session keeps)."""
    with coach.learner() as (session, user):
        if repo.get_session(session, user, session_id) is None:
            raise _unknown(session_id)
        return [
            {
                "id": a.id,
                "section_id": a.section_id,
                "item_id": a.item_id,
                "step": a.step,
                "answer": a.answer,
                "timed_out": a.timed_out,
                "submitted_at": a.submitted_at.isoformat(),
                "graded": bool(a.result),
            }
            for a in repo.answers_of(session, session_id)
        ]


@contextmanager
def _state(coach: Coach, session_id: str) -> Iterator[tuple[InterviewSession, SessionState]]:
    """Load the session and its state in one transaction; the state is written back on exit.

    The row is locked first, so two writers on one session (the web app and a terminal) take
    turns instead of one overwriting the other's state with an older copy.
    """
    with coach.learner() as (session, user):
        now = coach.now()
        row = repo.lock_session(session, user, session_id, now)
        if row is None:
            raise _unknown(session_id)
        state = SessionState.from_dict(row.state)
        yield row, state
        row.state = state.to_dict()
        row.updated_at = now


def _unknown(session_id: str) -> InterviewError:
    return InterviewError(f"no interview '{session_id}'; `mlcoach interview list` shows the ids")


def _session_of(row: InterviewSession) -> Session:
    session = object_session(row)
    assert session is not None
    return session


def _step_label(turn: Turn) -> str | None:
    if turn.kind == "follow-up":
        return f"{turn.step_id}+follow-up" if turn.step_id else "follow-up"
    return turn.step_id


def _blueprint_of(row: InterviewSession) -> Blueprint:
    data = {k: v for k, v in row.blueprint.items() if k != CHOSEN}
    return Blueprint.model_validate(data)


def _items_of(coach: Coach, state: SessionState) -> dict[str, AnyItem]:
    found = {t.item_id: item_or_none(coach, t.item_id) for t in state.turns}
    return {k: v for k, v in found.items() if v is not None}


def _stored_report(row: InterviewSession) -> dict[str, Any]:
    assert row.report is not None
    return {"session_id": row.id, **row.report}
