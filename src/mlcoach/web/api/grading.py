"""Grade a free-text answer (concept, case, design, behavioral) and store the attempt."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from mlcoach.services import grading
from mlcoach.services.items import UnknownItem, find_item
from mlcoach.web.api.schemas import DesignNotes, GradeOut, GradeRequest
from mlcoach.web.errors import BadInput
from mlcoach.web.routes.design import design_answer, design_or_404
from mlcoach.web.state import State, WebState

router = APIRouter(tags=["grading"])
RESPONSES: dict[int | str, dict[str, Any]] = {404: {"description": "no such item"}}


async def _grade(state: WebState, item_id: str, answer: str) -> GradeOut:
    try:
        item = await run_in_threadpool(find_item, state.coach, item_id)
    except UnknownItem:
        raise HTTPException(
            404, f"no item '{item_id}'; search the bank with GET /api/items"
        ) from None
    if item.kind == "challenge":
        raise BadInput("body", "item_id", "is a coding challenge; POST its code to /check")
    try:
        result = await state.grade(grading.grade_item, state.coach, item.id, answer)
    except grading.GradingError as exc:
        raise HTTPException(404, str(exc)) from None
    return GradeOut(item_id=item.id, kind=item.kind, score=int(result["score"]), result=result)


@router.post("/grade", response_model=GradeOut, responses=RESPONSES)
async def grade(state: State, body: GradeRequest) -> GradeOut:
    """Covered and missed key points with evidence sentences, misconceptions, a follow-up."""
    return await _grade(state, body.item_id, body.answer)


@router.post("/design/{item_id}/check", response_model=GradeOut, responses=RESPONSES)
async def check_design(state: State, item_id: str, body: DesignNotes) -> GradeOut:
    """Coverage per framework step from the notes of each step, plus common mistakes."""
    await run_in_threadpool(design_or_404, state, item_id)
    answer = design_answer(state.coach.bank.manifest.design_steps, body.model_dump())
    if not answer:
        raise BadInput("body", "requirements", "every step is empty; write notes for one")
    return await _grade(state, item_id, answer)
