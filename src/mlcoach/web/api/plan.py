"""The study plan as JSON: build it from the saved profile or new options."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from mlcoach.plan.builder import MAX_HOURS, MIN_HOURS
from mlcoach.services import plan
from mlcoach.web.api.schemas import Strict
from mlcoach.web.errors import BadInput
from mlcoach.web.state import State

router = APIRouter(tags=["plan"])


class PlanIn(Strict):
    interview_date: dt.date | None = Field(None, description="YYYY-MM-DD, after today")
    company: str | None = Field(None, max_length=100, description='slug or name; "" clears it')
    hours_per_week: float | None = Field(None, ge=MIN_HOURS, le=MAX_HOURS)


def plan_or_422(state: State, body: PlanIn, location: str) -> dict[str, Any]:
    try:
        return plan.make_plan(
            state.coach,
            interview_date=body.interview_date,
            company=body.company,
            hours_per_week=body.hours_per_week,
        )
    except plan.PlanError as exc:
        raise BadInput(location, exc.field or "interview_date", exc.message) from None


@router.get("/plan")
def get_plan(state: State) -> dict[str, Any]:
    """The plan from the saved interview date, company and hours (422 until a date is saved)."""
    try:
        return plan.current_plan(state.coach)  # a GET saves nothing
    except plan.PlanError as exc:
        raise BadInput("query", exc.field or "interview_date", exc.message) from None


@router.post("/plan")
def set_plan(state: State, body: PlanIn) -> dict[str, Any]:
    """Save the given options, then the week-by-week plan built from them and your progress."""
    return plan_or_422(state, body, "body")
