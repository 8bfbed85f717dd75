"""The dashboard: what is due today, the streak, readiness per scorecard dimension, mastery by
topic (an SVG chart), the next interview and this week's plan."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse

from mlcoach.services import interview, progress
from mlcoach.web.charts import mastery_bars
from mlcoach.web.routes.plan import saved_plan
from mlcoach.web.state import State, WebState
from mlcoach.web.templating import NavLink, page

NAV = NavLink("/", "Dashboard", 10)
router = APIRouter(include_in_schema=False)


def this_week(found: dict[str, Any] | None) -> dict[str, Any] | None:
    return found["weeks"][0] if found and found["weeks"] else None


def dashboard_context(state: WebState) -> dict[str, Any]:
    # a copy: the template response adds the request to the dict it is given
    return dict(state.cached_view("dashboard", lambda: _build_context(state)))


def _build_context(state: WebState) -> dict[str, Any]:
    snap = progress.read_snapshot(state.coach)  # read once for the report and the plan
    report = progress.progress_report(state.coach, snap)
    found = saved_plan(state, snap)
    rows = [
        (t["title"], t["mastery"], f"{t['practised']} of {t['items']} items practised")
        for t in report["topics"]
        if t["items"]
    ]
    running = [s for s in interview.list_sessions(state.coach) if s["status"] == "running"]
    return {
        "report": report,
        "chart": mastery_bars(rows, "Mastery by topic, 0 to 100%"),
        "plan": found,
        "week": this_week(found),
        "running": running,
    }


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, state: State) -> HTMLResponse:
    return page(request, "dashboard/page.html", dashboard_context(state))
