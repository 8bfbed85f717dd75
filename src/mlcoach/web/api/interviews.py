"""Mock interviews as JSON: start, the current turn with its clock, drafts, answers, the report."""

from __future__ import annotations

import functools
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from mlcoach.services import interview
from mlcoach.web.api.schemas import Source, Strict
from mlcoach.web.state import State, WebState

router = APIRouter(tags=["interviews"])
RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such interview"},
    409: {"description": "not possible in the session's current state"},
}
Draft = Field(max_length=100_000)
TurnIndex = Field(
    default=None,
    ge=0,
    description="the turn the text was written for; once that turn is over the call answers 409",
)


class StartIn(Strict):
    blueprint: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="a bank blueprint id, e.g. phone-screen"
    )
    seed: int | None = Field(None, ge=0, le=2**31 - 1)


class SessionSummary(BaseModel):
    session_id: str
    blueprint_id: str
    title: str
    status: str
    started_at: str
    updated_at: str
    finished_at: str | None
    turn_index: int
    turn_count: int
    question_number: int = Field(
        description="the question on screen, 1-based (a follow-up or design step: its question)"
    )
    question_count: int = Field(
        description="questions in the interview; stays put as follow-ups are added"
    )
    total: float | None


class DraftIn(Strict):
    text: str = Draft
    turn_index: int | None = TurnIndex


class Clock(BaseModel):
    turn_index: int
    seconds: float
    seconds_left: float
    warning: bool
    warning_at_seconds_left: float
    timed_out: bool
    deadline: str


class SubmitIn(Strict):
    answer: Source
    turn_index: int | None = TurnIndex


class Submitted(BaseModel):
    turn_index: int
    timed_out: bool
    score: float | None
    feedback: str
    verdict: str | None
    follow_up_queued: bool


class Report(BaseModel):
    session_id: str
    format: Literal["md", "html", "json"]
    text: str | None = None
    scorecard: dict[str, Any] | None = None


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except interview.InterviewError as exc:
        status = 404 if str(exc).startswith("no interview '") else 409
        raise HTTPException(status, str(exc)) from None


async def _judged(state: WebState, fn: Any, *args: Any) -> Any:
    """Calls that may grade or judge a turn: off the event loop, with the app's executor."""
    executor = await run_in_threadpool(state.judge_executor)
    return await state.judge(functools.partial(_call, fn, executor=executor), state.coach, *args)


@router.get("/interviews", response_model=list[SessionSummary])
def sessions(state: State) -> list[dict[str, Any]]:
    """Every interview, newest first."""
    return interview.list_sessions(state.coach)


@router.post("/interviews", response_model=SessionSummary, status_code=201, responses=RESPONSES)
def start(state: State, body: StartIn) -> dict[str, Any]:
    """Plan a new interview from a bank blueprint; GET it to show the first question."""
    if body.blueprint not in state.coach.bank.blueprints:
        known = ", ".join(sorted(state.coach.bank.blueprints))
        raise HTTPException(404, f"no blueprint '{body.blueprint}'; choose one of: {known}")
    started: dict[str, Any] = _call(interview.start, state.coach, body.blueprint, seed=body.seed)
    return started


@router.get("/interviews/{session_id}", responses=RESPONSES)
async def current(state: State, session_id: str) -> dict[str, Any]:
    """The turn to answer now with its clock (an overdue turn is submitted first), or
    `status: complete` when every turn is answered."""
    result: dict[str, Any] = await _judged(state, interview.current, session_id)
    return result


@router.post("/interviews/{session_id}/draft", response_model=Clock, responses=RESPONSES)
def save_draft(state: State, session_id: str, body: DraftIn) -> dict[str, Any]:
    """Keep the text typed so far (also the heartbeat); returns the clock."""
    saved: dict[str, Any] = _call(
        interview.save_draft, state.coach, session_id, body.text, turn_index=body.turn_index
    )
    return saved


@router.post("/interviews/{session_id}/submit", response_model=Submitted, responses=RESPONSES)
async def submit(state: State, session_id: str, body: SubmitIn) -> dict[str, Any]:
    """Answer the current turn; it is graded (or judged) before this returns."""
    answer_turn = functools.partial(interview.submit, turn_index=body.turn_index)
    result: dict[str, Any] = await _judged(state, answer_turn, session_id, body.answer)
    return result


@router.post("/interviews/{session_id}/resume", responses=RESPONSES)
def resume(state: State, session_id: str) -> dict[str, Any]:
    """Continue an unfinished interview; the time away is given back to the current turn."""
    result: dict[str, Any] = _call(interview.resume, state.coach, session_id)
    return result


@router.post("/interviews/{session_id}/finish", responses=RESPONSES)
async def finish(state: State, session_id: str) -> dict[str, Any]:
    """End the interview and build its scorecard."""
    result: dict[str, Any] = await _judged(state, interview.finish, session_id)
    return result


@router.get("/interviews/{session_id}/report", response_model=Report, responses=RESPONSES)
def report(
    state: State, session_id: str, format: Literal["md", "html", "json"] = "json"
) -> dict[str, Any]:
    """The scorecard of a finished interview as JSON, Markdown or HTML text."""
    result: dict[str, Any] = _call(interview.report, state.coach, session_id, format)
    return result
