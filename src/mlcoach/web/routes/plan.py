"""The study plan: interview date, company and hours a week → the week-by-week plan, as a page,
an iCalendar download and JSON (`/api/plan`)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from mlcoach.plan.builder import MAX_HOURS, MIN_HOURS
from mlcoach.services import plan
from mlcoach.services.progress import Snapshot
from mlcoach.web.errors import BadInput
from mlcoach.web.state import State, WebState
from mlcoach.web.templating import NavLink, page

NAV = NavLink("/plan", "Study plan", 70)
router = APIRouter(include_in_schema=False)
FIELD_LABELS = {
    "interview_date": "Interview date",
    "company": "Company",
    "hours_per_week": "Hours per week",
}  # as the form labels them
DEFAULT_HOURS = plan.DEFAULT_HOURS_PER_WEEK


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
    return page(request, "plan/page.html", _context(state, found, _saved_values(found)))


@router.post("/plan", response_class=HTMLResponse)
async def save(request: Request, state: State) -> HTMLResponse:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    values = {name: form.get(name, "").strip() for name in FIELD_LABELS}
    try:
        hours = _hours(values["hours_per_week"])
        found = await run_in_threadpool(
            lambda: plan.make_plan(
                state.coach,
                interview_date=values["interview_date"] or None,
                company=values["company"],
                hours_per_week=hours,
            )
        )
    except plan.PlanError as exc:
        # the form stays, with what was typed and the problem beside it; nothing was saved
        saved = state.cached_view("plan", lambda: saved_plan(state))
        context = {**_context(state, saved, values), "error": _error(exc)}
        return page(request, "plan/page.html", context, 422)
    return page(request, "plan/page.html", _context(state, found, _saved_values(found)))


def _hours(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        raise plan.PlanError(
            f"'{text}' is not a number; give {MIN_HOURS:g} to {MAX_HOURS:g}", "hours_per_week"
        ) from None


def _context(
    state: WebState, found: dict[str, Any] | None, values: dict[str, str]
) -> dict[str, Any]:
    return {
        "plan": found,
        "companies": _companies(state),
        "today": state.coach.now().date(),
        "values": values,
        "limits": {"min_hours": MIN_HOURS, "max_hours": MAX_HOURS},
        "error": None,
    }


def _saved_values(found: dict[str, Any] | None) -> dict[str, str]:
    """The form's fields from the saved plan, or the defaults before the first one."""
    if found is None:
        return {"interview_date": "", "company": "", "hours_per_week": f"{DEFAULT_HOURS:g}"}
    return {
        "interview_date": str(found["interview_date"]),
        "company": found["company"] or "",
        "hours_per_week": f"{found['hours_per_week']:g}",
    }


def _error(exc: plan.PlanError) -> dict[str, str | None]:
    """The service's message under the form field's own label (it names no CLI option)."""
    field = exc.field if exc.field in FIELD_LABELS else None
    label = FIELD_LABELS[field] if field else None
    return {"field": field, "text": f"{label}: {exc.message}" if label else exc.message}


@router.get("/plan.ics")
def ics(state: State) -> Response:
    with tempfile.TemporaryDirectory(prefix="mlcoach-plan-") as folder:
        path = Path(folder) / "plan.ics"
        try:
            plan.plan_ics(state.coach, path)
        except plan.PlanError as exc:
            raise BadInput("query", exc.field or "interview_date", exc.message) from None
        data = path.read_bytes()
    headers = {"Content-Disposition": 'attachment; filename="mlcoach-plan.ics"'}
    return Response(data, media_type="text/calendar; charset=utf-8", headers=headers)
