"""The story bank as JSON: list, create, read, replace, delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.exceptions import HTTPException
from starlette.responses import Response

from mlcoach.services import stories
from mlcoach.services.stories import StoryInput, StoryRecord
from mlcoach.web.forms import StoryId
from mlcoach.web.state import State

Responses = dict[int | str, dict[str, Any]]
router = APIRouter(tags=["stories"])
NOT_FOUND: Responses = {404: {"description": "no such story"}}
CONFLICT: Responses = {409: {"description": "another story has this title"}}


@router.get("/stories", response_model=list[StoryRecord])
def list_stories(state: State) -> list[StoryRecord]:
    return stories.list_stories(state.coach)


@router.post("/stories", response_model=StoryRecord, status_code=201, responses=CONFLICT)
def create_story(state: State, body: StoryInput) -> StoryRecord:
    try:
        return stories.create_story(state.coach, body)
    except stories.DuplicateStory as exc:
        raise HTTPException(409, str(exc)) from None


@router.get("/stories/{story_id}", response_model=StoryRecord, responses=NOT_FOUND)
def get_story(state: State, story_id: StoryId) -> StoryRecord:
    try:
        return stories.get_story(state.coach, story_id)
    except stories.StoryNotFound as exc:
        raise HTTPException(404, str(exc)) from None


@router.put("/stories/{story_id}", response_model=StoryRecord, responses={**NOT_FOUND, **CONFLICT})
def update_story(state: State, story_id: StoryId, body: StoryInput) -> StoryRecord:
    try:
        return stories.update_story(state.coach, story_id, body)
    except stories.StoryNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except stories.DuplicateStory as exc:
        raise HTTPException(409, str(exc)) from None


@router.delete("/stories/{story_id}", status_code=204, responses=NOT_FOUND)
def delete_story(state: State, story_id: StoryId) -> Response:
    try:
        stories.delete_story(state.coach, story_id)
    except stories.StoryNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    return Response(status_code=204)
