"""Spaced-repetition practice and progress as JSON: the queue, answering, rating, readiness."""

from __future__ import annotations

import functools
from typing import Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from mlcoach.services import practice, progress
from mlcoach.web.api.schemas import Answer, Source, Strict
from mlcoach.web.errors import BadInput
from mlcoach.web.routes.practice import FILTERS, rate_serialised
from mlcoach.web.state import State, WebState

router = APIRouter(tags=["practice"])
Rating = Literal["Again", "Hard", "Good", "Easy"]
RESPONSES: dict[int | str, dict[str, Any]] = {404: {"description": "no such item"}}


class QueueEntry(BaseModel):
    item_id: str
    kind: str
    title: str
    difficulty: int
    topics: list[str]
    companies: list[str]
    is_new: bool
    due: str | None = None


class Queue(BaseModel):
    generated_at: str
    timezone: str
    items: list[QueueEntry]
    matching: int
    due_count: int
    unseen: int
    new_count: int
    new_left_today: int
    next_due: str | None
    next_due_local: str | None


class Interval(BaseModel):
    due: str = Field(description="ISO 8601 UTC")
    interval: str = Field(description='e.g. "10 min", "3 days"')


class AnswerIn(Strict):
    answer: Source = Field(description="the answer text, or a challenge's Python source")


class AnswerOut(BaseModel):
    item_id: str
    kind: str
    score: float
    result: dict[str, Any]
    suggested_rating: Rating
    preview: dict[Rating, Interval]


class FollowUpIn(Strict):
    first_answer: Answer
    covered: list[Answer] = Field(
        default_factory=list, max_length=100, description="key points the first answer covered"
    )
    answer: Source = Field(description="the answer to the follow-up question")


class FollowUpOut(BaseModel):
    item_id: str
    result: dict[str, Any]
    added: list[dict[str, Any]]
    score_before: float | None
    score_after: float


class RateIn(Strict):
    rating: Rating
    suggested: Rating | None = None


class RateOut(BaseModel):
    item_id: str
    rating: Rating
    suggested_rating: Rating | None
    due: str
    due_local: str
    interval: str


def _item(state: WebState, item_id: str) -> dict[str, Any]:
    try:
        return practice.item_view(state.coach, item_id)
    except practice.PracticeError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/practice/queue", response_model=Queue)
def queue(
    state: State,
    kind: str | None = None,
    topic: str | None = None,
    company: str | None = None,
    difficulty: int | None = Query(None, ge=1, le=5),
    limit: int = Query(20, ge=1, le=200),
) -> dict[str, Any]:
    """Today's queue: due reviews first, then new items within today's limit."""
    try:
        found = practice.practice_queue(
            state.coach, kind=kind, topic=topic, company=company, difficulty=difficulty,
            limit=limit,
        )  # fmt: skip
    except practice.PracticeError as exc:
        field = str(exc).split(" ", 1)[0].lstrip("-")
        raise BadInput("query", field if field in FILTERS else "filters", str(exc)) from None
    return found


@router.get(
    "/practice/{item_id}/preview", response_model=dict[Rating, Interval], responses=RESPONSES
)
def preview(state: State, item_id: str) -> dict[str, Any]:
    """What each rating would schedule if given now."""
    _item(state, item_id)
    return practice.preview(state.coach, item_id)


@router.post("/practice/{item_id}/answer", response_model=AnswerOut, responses=RESPONSES)
async def answer(state: State, item_id: str, body: AnswerIn) -> dict[str, Any]:
    """Grade the answer (or judge a challenge's source); stores the attempt."""
    view = await run_in_threadpool(_item, state, item_id)
    if view["kind"] == "challenge":
        executor = await run_in_threadpool(state.judge_executor)
        judge = functools.partial(practice.answer_item, executor=executor)
        result: dict[str, Any] = await state.judge(judge, state.coach, item_id, body.answer)
        return result
    if len(body.answer) > 20_000:
        raise BadInput("body", "answer", "is longer than 20000 characters")
    graded: dict[str, Any] = await state.grade(
        practice.answer_item, state.coach, item_id, body.answer
    )
    return graded


@router.post("/practice/{item_id}/follow-up", response_model=FollowUpOut, responses=RESPONSES)
async def follow_up(state: State, item_id: str, body: FollowUpIn) -> dict[str, Any]:
    """Grade the first answer and the follow-up together; what the follow-up added."""
    view = await run_in_threadpool(_item, state, item_id)
    if view["kind"] == "challenge":
        raise BadInput("path", "item_id", "is a coding challenge; it has no follow-up question")
    before = {"key_points": [{"text": t, "covered": True} for t in body.covered]}
    result: dict[str, Any] = await state.grade(
        practice.answer_follow_up, state.coach, item_id, body.first_answer, before, body.answer
    )
    return result


@router.post("/practice/{item_id}/rate", response_model=RateOut, responses=RESPONSES)
def rate(state: State, item_id: str, body: RateIn) -> dict[str, Any]:
    """Review the item's card with the rating; returns the next due time."""
    _item(state, item_id)
    result: dict[str, Any] = rate_serialised(state, item_id, body.rating, body.suggested)
    return result


@router.get("/progress")
def progress_report(state: State) -> dict[str, Any]:
    """Mastery per topic, streak, due counts and readiness per scorecard dimension."""
    return progress.progress_report(state.coach)
