"""The study plan: interview date, company and hours a week → the week-by-week plan, as a page,
an iCalendar download and JSON (`/api/plan`)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from mlcoach.services import plan
from mlcoach.services.progress import Snapshot
from mlcoach.web.api.plan import field_of
from mlcoach.web.errors import BadInput
from mlcoach.web.state import State, WebState
from mlcoach.web.templating import NavLink, page

NAV = NavLink("/plan", "Study plan", 70)
router = APIRouter(include_in_schema=False)


def saved_plan(state: WebState, snap: Snapshot | None = None) -> dict[str, Any] | None:
    """The plan from the saved profile (nothing written: a GET), or None before an interview
    date is saved."""
    try:
        return plan.current_plan(state.coach, snap)
    except plan.PlanError:
        return None


def _companies(state: WebState) -> list[tuple[str, str]]:
    return sorted(state.coach.bank.manifest.companies.items(), key=lambda kv: kv[1])


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, state: State) -> HTMLResponse:
    found = state.cached_view("plan", lambda: saved_plan(state))
    context = {"plan": found, "companies": _companies(state), "today": state.coach.now().date()}
    return page(request, "plan/page.html", context)


@router.post("/plan", response_class=HTMLResponse)
async def save(request: Request, state: State) -> HTMLResponse:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    hours_text = form.get("hours_per_week", "").strip()
    try:
        hours = float(hours_text) if hours_text else None
    except ValueError:
        raise BadInput("form", "hours_per_week", f"'{hours_text}' is not a number") from None
    try:
        found = await run_in_threadpool(
            lambda: plan.make_plan(
                state.coach,
                interview_date=form.get("interview_date", "").strip() or None,
                company=form.get("company", ""),
                hours_per_week=hours,
            )
        )
    except plan.PlanError as exc:
        raise BadInput("form", field_of(str(exc)), str(exc)) from None
    context = {"plan": found, "companies": _companies(state), "today": state.coach.now().date()}
    return page(request, "plan/page.html", context)


@router.get("/plan.ics")
def ics(state: State) -> Response:
    with tempfile.TemporaryDirectory(prefix="mlcoach-plan-") as folder:
        path = Path(folder) / "plan.ics"
        try:
            plan.plan_ics(state.coach, path)
        except plan.PlanError as exc:
            raise BadInput("query", "interview_date", str(exc)) from None
        data = path.read_bytes()
    headers = {"Content-Disposition": 'attachment; filename="mlcoach-plan.ics"'}
    return Response(data, media_type="text/calendar; charset=utf-8", headers=headers)
