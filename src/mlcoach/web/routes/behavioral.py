"""Behavioral prompts with STAR feedback, and the learner's story bank (list, edit, reuse)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from mlcoach.content import BehavioralPrompt
from mlcoach.services import content as content_service
from mlcoach.services import grading, stories
from mlcoach.services.drafts import last_answer
from mlcoach.services.items import UnknownItem, find_item
from mlcoach.web.errors import BadInput, not_found
from mlcoach.web.forms import ANSWER_LIMIT, StoryId, limited_text
from mlcoach.web.state import State, WebState
from mlcoach.web.templating import NavLink, fragment_or_page, page

NAV = NavLink("/behavioral", "Behavioral", 50)
router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


def prompt_or_404(state: WebState, item_id: str) -> BehavioralPrompt:
    try:
        item = find_item(state.coach, item_id)
    except UnknownItem as exc:
        raise not_found(str(exc)) from None
    if not isinstance(item, BehavioralPrompt):
        raise not_found(f"'{item_id}' is not a behavioral prompt; see /behavioral for the list")
    return item


@router.get("/behavioral", response_class=HTMLResponse)
def list_page(request: Request, state: State) -> HTMLResponse:
    items = content_service.list_items(state.coach.bank, kind="behavioral")
    context = {"items": items, "story_count": len(stories.list_stories(state.coach))}
    return page(request, "behavioral/list.html", context)


# Story routes come before /behavioral/{item_id} so "stories" is never taken for an item id.
@router.get("/behavioral/stories", response_class=HTMLResponse)
def stories_page(request: Request, state: State) -> HTMLResponse:
    context = {"stories": stories.list_stories(state.coach)}
    return page(request, "stories/list.html", context)


@router.get("/behavioral/stories/new", response_class=HTMLResponse)
def new_story_page(request: Request) -> HTMLResponse:
    return _story_form(request, None, {}, [])


@router.get("/behavioral/stories/{story_id}/edit", response_class=HTMLResponse)
def edit_story_page(request: Request, state: State, story_id: StoryId) -> HTMLResponse:
    story = _story_or_404(state, story_id)
    values = {**story.model_dump(), "tags": ", ".join(story.tags)}
    return _story_form(request, story_id, values, [])


def _story_or_404(state: WebState, story_id: int) -> stories.StoryRecord:
    try:
        return stories.get_story(state.coach, story_id)
    except stories.StoryNotFound as exc:
        raise not_found(str(exc)) from None


def _story_form(
    request: Request,
    story_id: int | None,
    values: dict[str, Any],
    errors: list[str],
    status: int = 200,
) -> HTMLResponse:
    fields = {name: str(values.get(name, "")) for name in ("title", *stories.STAR_FIELDS, "tags")}
    context = {"story_id": story_id, "values": fields, "errors": errors}
    return page(request, "stories/form.html", context, status)


def _story_input(form: dict[str, str]) -> stories.StoryInput:
    tags = [t for t in form.get("tags", "").split(",") if t.strip()]
    data = {name: form.get(name, "") for name in ("title", *stories.STAR_FIELDS)}
    return stories.StoryInput.model_validate({**data, "tags": tags})


async def _save_story(request: Request, state: WebState, story_id: int | None) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    try:
        data = _story_input(form)
        if story_id is None:
            await run_in_threadpool(stories.create_story, state.coach, data)
        else:
            await run_in_threadpool(stories.update_story, state.coach, story_id, data)
    except ValidationError as exc:
        errors = [f"{'.'.join(map(str, e['loc'])) or 'form'}: {e['msg']}" for e in exc.errors()]
        return _story_form(request, story_id, form, errors, 422)
    except stories.StoryNotFound as exc:
        raise not_found(str(exc)) from None
    except stories.DuplicateStory as exc:
        return _story_form(request, story_id, form, [f"title: {exc}"], 409)
    return RedirectResponse("/behavioral/stories", status_code=303)


@router.post("/behavioral/stories", response_class=HTMLResponse)
async def create_story(request: Request, state: State) -> Response:
    return await _save_story(request, state, None)


@router.post("/behavioral/stories/{story_id}", response_class=HTMLResponse)
async def update_story(request: Request, state: State, story_id: StoryId) -> Response:
    return await _save_story(request, state, story_id)


@router.post("/behavioral/stories/{story_id}/delete", response_class=HTMLResponse)
def delete_story(state: State, story_id: StoryId) -> Response:
    try:
        stories.delete_story(state.coach, story_id)
    except stories.StoryNotFound as exc:
        raise not_found(str(exc)) from None
    return RedirectResponse("/behavioral/stories", status_code=303)


def _prompt_context(state: WebState, item: BehavioralPrompt, answer: str | None) -> dict[str, Any]:
    saved = stories.list_stories(state.coach)
    return {
        "item": item,
        "answer": answer if answer is not None else (last_answer(state.coach, item.id) or ""),
        "stories": [(s, stories.story_answer(s)) for s in saved],
        "result": None,
    }


@router.get("/behavioral/{item_id}", response_class=HTMLResponse)
def prompt_page(request: Request, state: State, item_id: str) -> HTMLResponse:
    item = prompt_or_404(state, item_id)
    return page(request, "behavioral/detail.html", _prompt_context(state, item, None))


@router.post("/behavioral/{item_id}/grade", response_class=HTMLResponse)
async def grade(request: Request, state: State, item_id: str, answer: Text = "") -> HTMLResponse:
    item = await run_in_threadpool(prompt_or_404, state, item_id)
    answer = limited_text(answer, "answer", ANSWER_LIMIT)
    if not answer.strip():
        raise BadInput("form", "answer", "is empty; tell your story first")
    result = await state.grade(grading.grade_item, state.coach, item.id, answer)
    context = await run_in_threadpool(_prompt_context, state, item, answer)
    context["result"] = result
    return fragment_or_page(request, "behavioral/_result.html", "behavioral/detail.html", context)
