"""System design: the five framework steps, each with its own timer and notes; coverage check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from mlcoach.content import DesignPrompt
from mlcoach.content.models import DesignStep
from mlcoach.services import content as content_service
from mlcoach.services import grading
from mlcoach.services.items import UnknownItem, find_item
from mlcoach.web.errors import BadInput, not_found
from mlcoach.web.forms import ANSWER_LIMIT, limited_text
from mlcoach.web.state import State, WebState
from mlcoach.web.templating import NavLink, fragment_or_page, page

NAV = NavLink("/design", "System design", 40)
DESIGN_LINKS = (("/design", "All system-design prompts"), ("/bank?kind=design", "Search the bank"))
router = APIRouter(include_in_schema=False)


def design_or_404(state: WebState, item_id: str) -> DesignPrompt:
    try:
        item = find_item(state.coach, item_id)
    except UnknownItem:
        raise not_found(f"There is no system-design prompt '{item_id}'.", *DESIGN_LINKS) from None
    if not isinstance(item, DesignPrompt):
        raise not_found(f"'{item_id}' is not a system-design prompt.", *DESIGN_LINKS)
    return item


def design_answer(steps: tuple[DesignStep, ...], notes: dict[str, str]) -> str:
    """The step notes in framework order, as one answer.

    No headings are added: a heading such as "Serving, monitoring and iteration" would
    itself count as mentioning monitoring.
    """
    return "\n\n".join(text.strip() for s in steps if (text := notes.get(s.id, "")).strip())


def step_notes(steps: tuple[DesignStep, ...], form: dict[str, str]) -> dict[str, str]:
    return {
        s.id: limited_text(form.get(f"notes_{s.id}", ""), f"notes_{s.id}", ANSWER_LIMIT)
        for s in steps
    }


@router.get("/design", response_class=HTMLResponse)
def list_page(request: Request, state: State) -> HTMLResponse:
    items = content_service.list_items(state.coach.bank, kind="design")
    return page(request, "design/list.html", {"items": items})


def _context(state: WebState, item: DesignPrompt, notes: dict[str, str]) -> dict[str, Any]:
    return {
        "item": item,
        "steps": state.coach.bank.manifest.design_steps,
        "notes": notes,
        "answer_limit": ANSWER_LIMIT,
        "result": None,
    }


@router.get("/design/{item_id}", response_class=HTMLResponse)
def detail_page(request: Request, state: State, item_id: str) -> HTMLResponse:
    item = design_or_404(state, item_id)
    return page(request, "design/detail.html", _context(state, item, {}))


@router.post("/design/{item_id}/check", response_class=HTMLResponse)
async def check(request: Request, state: State, item_id: str) -> HTMLResponse:
    item = await run_in_threadpool(design_or_404, state, item_id)
    steps = state.coach.bank.manifest.design_steps
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    notes = step_notes(steps, form)
    answer = design_answer(steps, notes)
    if not answer:
        raise BadInput("form", "notes", "every step is empty; write notes for at least one step")
    result = await state.grade(grading.grade_item, state.coach, item.id, answer)
    context = {**_context(state, item, notes), "result": result}
    return fragment_or_page(request, "design/_result.html", "design/detail.html", context)
