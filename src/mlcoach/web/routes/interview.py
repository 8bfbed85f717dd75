"""Mock interviews: pick a blueprint, answer timed turns (countdown from the server's deadline,
draft autosaved, auto-submit at time-out), then the scorecard and the report downloads."""

from __future__ import annotations

import functools
from contextlib import suppress
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from mlcoach.services import interview
from mlcoach.web.errors import BadInput, not_found
from mlcoach.web.forms import SOURCE_LIMIT, limited_text
from mlcoach.web.state import State, WebState
from mlcoach.web.templating import NavLink, page

NAV = NavLink("/interview", "Mock interview", 60)
router = APIRouter(include_in_schema=False)
REPORT_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}


def unknown_or_refused(exc: interview.InterviewError) -> Exception:
    """An unknown session is a 404; anything else the service refuses is bad input."""
    message = str(exc)
    if message.startswith("no interview '"):
        return not_found(message)
    return BadInput("form", "session", message)


def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except interview.InterviewError as exc:
        raise unknown_or_refused(exc) from None


def _to(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/interview", response_class=HTMLResponse)
def start_page(request: Request, state: State) -> HTMLResponse:
    sessions = interview.list_sessions(state.coach)
    # shortest first and pre-selected: one click must not start a 4-hour loop by surprise
    blueprints = sorted(
        state.coach.bank.blueprints.values(), key=lambda b: (b.duration_minutes, b.title)
    )
    context = {
        "blueprints": [(b, duration_text(b.duration_minutes)) for b in blueprints],
        "sessions": sessions,
    }
    return page(request, "interview/start.html", context)


def duration_text(minutes: int) -> str:
    """ "45 min", "1 h", "3 h 45 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@router.post("/interview/start")
async def start(request: Request, state: State) -> RedirectResponse:
    form = await request.form()
    chosen = str(form.get("blueprint_file") or "").strip() or str(form.get("blueprint") or "")
    if not chosen.strip():
        raise BadInput("form", "blueprint", "choose a blueprint to start an interview")
    try:
        started = await run_in_threadpool(interview.start, state.coach, chosen)
    except interview.InterviewError as exc:
        raise BadInput("form", "blueprint", str(exc)) from None
    return _to(f"/interview/{started['session_id']}")


@router.post("/interview/{session_id}/resume")
def resume(state: State, session_id: str) -> RedirectResponse:
    call(interview.resume, state.coach, session_id)
    return _to(f"/interview/{session_id}")


async def _current(state: WebState, session_id: str) -> dict[str, Any]:
    """The turn on screen; the service also auto-submits an overdue turn (judged or graded)."""
    executor = await run_in_threadpool(state.judge_executor)
    current = functools.partial(call, interview.current, executor=executor)
    result: dict[str, Any] = await state.judge(current, state.coach, session_id)
    return result


@router.get("/interview/{session_id}", response_class=HTMLResponse)
async def turn_page(
    request: Request, state: State, session_id: str, time_ran_out: bool = False
) -> Response:
    """`time_ran_out` comes from `submit`: the previous answer was handed in by the page's
    countdown or after the deadline, so the page says so."""
    turn = await _current(state, session_id)
    if turn["status"] != "running":
        return _to(f"/interview/{session_id}/scorecard")
    detail = await run_in_threadpool(call, interview.session_detail, state.coach, session_id)
    context = {"turn": turn, "detail": detail, "time_ran_out": time_ran_out}
    return page(request, "interview/turn.html", context)


@router.post("/interview/{session_id}/submit")
async def submit(request: Request, state: State, session_id: str) -> RedirectResponse:
    form = await request.form()
    answer = limited_text(str(form.get("answer") or ""), "answer", SOURCE_LIMIT)
    executor = await run_in_threadpool(state.judge_executor)
    turn = str(form.get("turn") or "")
    turn_index = int(turn) if turn.isdecimal() else None  # old pages send none
    submit_turn = functools.partial(
        call, interview.submit, executor=executor, turn_index=turn_index
    )
    submitted: dict[str, Any] = {}
    # a turn already over (a double click, the timer and a click, or the server handing the
    # draft in at time-out first) just moves on: the answer never lands on the next turn
    with suppress(BadInput):
        submitted = await state.judge(submit_turn, state.coach, session_id, answer)
    # the countdown submits at its zero (auto=1), which may be a moment before the server's
    # deadline, so its word counts as much as the server's own `timed_out`
    if form.get("auto") == "1" or submitted.get("timed_out"):
        return _to(f"/interview/{session_id}?time_ran_out=1")
    return _to(f"/interview/{session_id}")


@router.post("/interview/{session_id}/finish")
async def finish(state: State, session_id: str) -> RedirectResponse:
    executor = await run_in_threadpool(state.judge_executor)
    end = functools.partial(call, interview.finish, executor=executor)
    await state.judge(end, state.coach, session_id)
    return _to(f"/interview/{session_id}/scorecard")


@router.get("/interview/{session_id}/scorecard", response_class=HTMLResponse)
async def scorecard(request: Request, state: State, session_id: str) -> Response:
    detail = await run_in_threadpool(call, interview.session_detail, state.coach, session_id)
    if detail["status"] != "finished":
        turn = await _current(state, session_id)
        if turn["status"] == "running":
            return _to(f"/interview/{session_id}")
        executor = await run_in_threadpool(state.judge_executor)
        end = functools.partial(call, interview.finish, executor=executor)
        await state.judge(end, state.coach, session_id)
        detail = await run_in_threadpool(call, interview.session_detail, state.coach, session_id)
    card = await run_in_threadpool(call, interview.report, state.coach, session_id, "json")
    context = {"card": card["scorecard"], "detail": detail, "titles": _titles(state, card)}
    return page(request, "interview/scorecard.html", context)


def _titles(state: WebState, card: dict[str, Any]) -> dict[str, str]:
    """Titles of the items to practise next (the scorecard names them by id)."""
    items = state.coach.bank.items
    ids = card["scorecard"]["practice"]["items"]
    return {i: items[i].title_text for i in ids if i in items}


def report_filename(session_id: str, fmt: str) -> str:
    """Names the interview, so a second download does not become "report (1).md"."""
    return f"mlcoach-interview-{session_id}.{fmt}"


@router.get("/interview/{session_id}/report.{fmt}")
def download(state: State, session_id: str, fmt: str) -> Response:
    if fmt not in REPORT_TYPES:
        raise not_found(f"no report format '{fmt}'; use report.md or report.html")
    text = call(interview.report, state.coach, session_id, fmt)["text"]
    filename = report_filename(session_id, fmt)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(text, media_type=REPORT_TYPES[fmt], headers=headers)
