"""Practice: today's queue one item at a time, graded feedback, a follow-up, the model answer
and the rating with each rating's next interval."""

from __future__ import annotations

import functools
import random
import threading
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from mlcoach.content.models import ITEM_KINDS
from mlcoach.services import practice
from mlcoach.services.challenges import ChallengeError
from mlcoach.services.items import all_items
from mlcoach.web.errors import BadInput, not_found
from mlcoach.web.forms import ANSWER_LIMIT, SOURCE_LIMIT, limited_text, optional_int
from mlcoach.web.state import State, WebState
from mlcoach.web.templating import NavLink, fragment_or_page, is_htmx, page

NAV = NavLink("/practice", "Practice", 20)
router = APIRouter(include_in_schema=False)
RATINGS = ("Again", "Hard", "Good", "Easy")
FILTERS = ("kind", "topic", "company", "difficulty")

# One rating at a time per item: two first ratings of the same item at once would both try to
# create its card (a unique (user, item) row).
_item_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)


def rate_serialised(state: WebState, item_id: str, rating: str, suggested: str | None) -> Any:
    with _item_locks[item_id]:
        try:
            return practice.rate_item(state.coach, item_id, rating, suggested=suggested)
        except IntegrityError:  # another process created the card meanwhile: review it now
            return practice.rate_item(state.coach, item_id, rating, suggested=suggested)


def filters_from(params: dict[str, str]) -> dict[str, Any]:
    """The filters of a query string or form; "" means any, a bad value is a 422."""
    chosen: dict[str, Any] = {k: (params.get(k) or "").strip() or None for k in FILTERS}
    chosen["difficulty"] = optional_int(params.get("difficulty"), "difficulty", 1, 5)
    return chosen


def queue_or_422(state: WebState, filters: dict[str, Any], seed: str) -> dict[str, Any]:
    try:
        # seeded by day and filters: a reload shows the same item instead of a new random one
        return practice.practice_queue(state.coach, **filters, rng=random.Random(seed))
    except practice.PracticeError as exc:
        field = str(exc).split(" ", 1)[0].lstrip("-")
        raise BadInput("query", field if field in FILTERS else "filters", str(exc)) from None


def item_or_404(state: WebState, item_id: str) -> dict[str, Any]:
    try:
        return practice.item_view(state.coach, item_id)
    except practice.PracticeError as exc:
        raise not_found(str(exc)) from None


def _options(state: WebState) -> dict[str, Any]:
    items = all_items(state.coach)
    manifest = state.coach.bank.manifest
    topics = sorted({i.topic for i in items} | set(manifest.topics))
    companies = sorted({c for i in items for c in i.companies} | set(manifest.companies))
    return {
        "kinds": [(k, k) for k in ITEM_KINDS],
        "topics": [(t, manifest.topics[t].title if t in manifest.topics else t) for t in topics],
        "companies": [(c, manifest.companies.get(c, c)) for c in companies],
        "difficulties": [(d, str(d)) for d in range(1, 6)],
    }


def _query(filters: dict[str, Any]) -> str:
    return urlencode({k: v for k, v in filters.items() if v is not None})


def _item_context(state: WebState, item_id: str, filters: dict[str, Any]) -> dict[str, Any]:
    view = item_or_404(state, item_id)
    return {
        "item": view,
        "filters": filters,
        "query": _query(filters),
        "answer": "",
        "starter": _starter(state, item_id),
        "feedback": None,
    }


def _reopened_context(state: WebState, item_id: str, filters: dict[str, Any]) -> dict[str, Any]:
    """The item, reopened on today's answer and its feedback when it is graded but not rated
    yet: a reload between grading and rating must not ask again (nor store a second attempt)."""
    context = _item_context(state, item_id, filters)
    unrated = practice.unrated_answer(state.coach, item_id)
    if unrated is not None:
        context.update(answer=unrated["answer"], feedback=unrated)
    return context


def _starter(state: WebState, item_id: str) -> str:
    item = state.coach.bank.items.get(item_id)
    return str(getattr(item, "starter", "")) if item is not None else ""


@router.get("/practice", response_class=HTMLResponse)
def queue_page(request: Request, state: State) -> HTMLResponse:
    filters = filters_from(dict(request.query_params))
    today = state.coach.now().date().isoformat()
    queue = queue_or_422(state, filters, f"{today}:{_query(filters)}")
    context: dict[str, Any] = {
        "queue": queue,
        "filters": filters,
        "query": _query(filters),
        "options": _options(state),
        "item": None,
    }
    if queue["items"]:
        context.update(_reopened_context(state, queue["items"][0]["item_id"], filters))
    return page(request, "practice/page.html", context)


@router.get("/practice/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, state: State, item_id: str) -> HTMLResponse:
    filters = filters_from(dict(request.query_params))
    context = {**_reopened_context(state, item_id, filters), "queue": None, "options": None}
    return page(request, "practice/page.html", context)


async def _form(request: Request) -> dict[str, str]:
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.post("/practice/{item_id}/answer", response_class=HTMLResponse)
async def answer(request: Request, state: State, item_id: str) -> HTMLResponse:
    view = await run_in_threadpool(item_or_404, state, item_id)
    form = await _form(request)
    limit = SOURCE_LIMIT if view["kind"] == "challenge" else ANSWER_LIMIT
    text = limited_text(form.get("answer", ""), "answer", limit)
    if not text.strip():
        raise BadInput("form", "answer", "is empty; write your answer first")
    if view["kind"] == "challenge":
        executor = await run_in_threadpool(state.judge_executor)
        judge = functools.partial(practice.answer_item, executor=executor)
        result = await state.judge(judge, state.coach, item_id, text)
    else:
        result = await state.grade(practice.answer_item, state.coach, item_id, text)
    filters = filters_from(form)
    context = {
        **_item_context(state, item_id, filters),
        "answer": text,
        "feedback": result,
        "queue": None,
        "options": None,
    }
    return fragment_or_page(request, "practice/_feedback.html", "practice/page.html", context)


@router.post("/practice/{item_id}/follow-up", response_class=HTMLResponse)
async def follow_up(request: Request, state: State, item_id: str) -> HTMLResponse:
    view = await run_in_threadpool(item_or_404, state, item_id)
    raw = await request.form()
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    first = limited_text(form.get("first_answer", ""), "first_answer", ANSWER_LIMIT)
    text = limited_text(form.get("answer", ""), "answer", ANSWER_LIMIT)
    covered = [str(t) for t in raw.getlist("covered")]
    if not text.strip():
        return await run_in_threadpool(_follow_up_again, request, state, view, form, covered)
    before = await run_in_threadpool(_first_result, state, view["id"], first, covered)
    result = await state.grade(
        practice.answer_follow_up, state.coach, view["id"], first, before, text
    )
    context = await run_in_threadpool(_reveal_context, state, view, form)
    context["follow_up"] = result
    return fragment_or_page(request, "practice/_reveal.html", "practice/reveal.html", context)


EMPTY_FOLLOW_UP = "is empty; answer the follow-up or skip it"


def _follow_up_again(
    request: Request,
    state: WebState,
    view: dict[str, Any],
    form: dict[str, str],
    covered: list[str],
) -> HTMLResponse:
    """An empty follow-up answer: the same form again with the error above the answer box, so
    the follow-up, Skip and the way to the rating stay (a 422 that htmx swaps in place). A
    plain form post gets the practice page reopened on the graded answer."""
    filters = filters_from(form)
    error = f"answer: {EMPTY_FOLLOW_UP}"
    if not is_htmx(request):
        context = {**_reopened_context(state, view["id"], filters), "queue": None, "options": None}
        if context["feedback"] is None:  # nothing graded to come back to
            raise BadInput("form", "answer", EMPTY_FOLLOW_UP)
        return page(request, "practice/page.html", {**context, "follow_error": error}, 422)
    follow = {
        "question": form.get("question", ""),
        "suggested": form.get("suggested") if form.get("suggested") in RATINGS else None,
        "first_answer": form.get("first_answer", ""),
        "covered": covered,
        "error": error,
    }
    context = {"item": view, "filters": filters, "follow": follow}
    return page(request, "practice/_follow_up.html", context, 422)


def _first_result(
    state: WebState, item_id: str, first_answer: str, covered: list[str]
) -> dict[str, Any]:
    """The grade of the first answer: the stored attempt when it is the one answered (its
    score and every key point), else the covered points the form carried."""
    unrated = practice.unrated_answer(state.coach, item_id)
    if unrated is not None and _same_text(unrated["answer"], first_answer):
        return dict(unrated["result"])
    return {"key_points": [{"text": t, "covered": True} for t in covered]}


def _same_text(a: str, b: str) -> bool:
    """Equal but for line endings: a form sends CRLF, a hidden field may come back with LF."""
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


@router.post("/practice/{item_id}/reveal", response_class=HTMLResponse)
async def reveal(request: Request, state: State, item_id: str) -> HTMLResponse:
    view = await run_in_threadpool(item_or_404, state, item_id)
    form = await _form(request)
    context = await run_in_threadpool(_reveal_context, state, view, form)
    return fragment_or_page(request, "practice/_reveal.html", "practice/reveal.html", context)


def _reveal_context(state: WebState, view: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    suggested = form.get("suggested") if form.get("suggested") in RATINGS else None
    try:
        model: str | None = practice.model_answer(state.coach, view["id"])
    except ChallengeError:  # a challenge's solution stays hidden until an attempt
        model = None
    filters = filters_from(form)
    return {
        "item": view,
        "model_answer": model,
        "preview": practice.preview(state.coach, view["id"]),
        "suggested": suggested,
        "ratings": RATINGS,
        "filters": filters,
        "query": _query(filters),
        "follow_up": None,
    }


@router.post("/practice/{item_id}/rate")
async def rate(request: Request, state: State, item_id: str) -> Response:
    await run_in_threadpool(item_or_404, state, item_id)
    form = await _form(request)
    rating = form.get("rating", "")
    if rating not in RATINGS:
        raise BadInput("form", "rating", f"'{rating}' is not one of: {', '.join(RATINGS)}")
    suggested = form.get("suggested") if form.get("suggested") in RATINGS else None
    await run_in_threadpool(rate_serialised, state, item_id, rating, suggested)
    query = _query(filters_from(form))
    target = f"/practice?{query}" if query else "/practice"
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)
