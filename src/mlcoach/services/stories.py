"""The learner's story bank: behavioral stories in STAR form, written once, reused often."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.orm import Session

from mlcoach.services.coach import Coach
from mlcoach.storage import stories_repo as repo
from mlcoach.storage.tables import Story, User

STAR_FIELDS = ("situation", "task", "action", "result", "lessons")
TEXT_LIMIT = 10_000


def clean_text(value: str) -> str:
    """Text every database accepts: no NUL characters, no lone surrogates."""
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


Text = Annotated[str, AfterValidator(clean_text), StringConstraints(max_length=TEXT_LIMIT)]


def _title(value: str) -> str:
    value = clean_text(value).strip()
    if not value:
        raise ValueError("a story needs a title")
    return value


Title = Annotated[str, StringConstraints(max_length=200), AfterValidator(_title)]
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[\w][\w -]{0,39}$"),
]


class StoryError(Exception):
    """A refused story operation, with what to do instead."""


class StoryNotFound(StoryError):
    pass


class DuplicateStory(StoryError):
    pass


class StoryInput(BaseModel):
    """What the learner writes; every STAR part may be left empty while drafting."""

    model_config = ConfigDict(extra="forbid")
    title: Title
    situation: Text = ""
    task: Text = ""
    action: Text = ""
    result: Text = ""
    lessons: Text = ""
    tags: list[Tag] = Field(default_factory=list, max_length=20)


class StoryRecord(StoryInput):
    id: int
    created_at: datetime
    updated_at: datetime


def _record(story: Story) -> StoryRecord:
    return StoryRecord(
        id=story.id,
        title=story.title,
        situation=story.situation,
        task=story.task,
        action=story.action,
        result=story.result,
        lessons=story.lessons,
        tags=list(story.tags),
        created_at=story.created_at,
        updated_at=story.updated_at,
    )


def list_stories(coach: Coach) -> list[StoryRecord]:
    with coach.learner() as (session, user):
        return [_record(s) for s in repo.list_stories(session, user)]


def get_story(coach: Coach, story_id: int) -> StoryRecord:
    with coach.learner() as (session, user):
        story = repo.get_story(session, user, story_id)
        if story is None:
            raise StoryNotFound(f"no story with id {story_id}; list them at /behavioral/stories")
        return _record(story)


def create_story(coach: Coach, data: StoryInput) -> StoryRecord:
    now = coach.now()
    with coach.learner() as (session, user):
        _refuse_duplicate(session, user, data.title, None)
        story = Story(user_id=user.id, created_at=now, updated_at=now, **_columns(data))
        return _record(repo.add_story(session, story))


def update_story(coach: Coach, story_id: int, data: StoryInput) -> StoryRecord:
    with coach.learner() as (session, user):
        story = repo.get_story(session, user, story_id)
        if story is None:
            raise StoryNotFound(f"no story with id {story_id}; create it instead")
        _refuse_duplicate(session, user, data.title, story_id)
        for name, value in _columns(data).items():
            setattr(story, name, value)
        story.updated_at = coach.now()
        session.flush()
        return _record(story)


def delete_story(coach: Coach, story_id: int) -> None:
    with coach.learner() as (session, user):
        story = repo.get_story(session, user, story_id)
        if story is None:
            raise StoryNotFound(f"no story with id {story_id}")
        repo.delete_story(session, story)


def story_answer(story: StoryInput) -> str:
    """The story as one answer in STAR order, ready to adapt to a prompt."""
    return "\n\n".join(
        text.strip() for name in STAR_FIELDS if (text := getattr(story, name)).strip()
    )


def _columns(data: StoryInput) -> dict[str, object]:
    return data.model_dump()


def _refuse_duplicate(session: Session, user: User, title: str, own_id: int | None) -> None:
    existing = repo.find_by_title(session, user, title)
    if existing is not None and existing.id != own_id:
        raise DuplicateStory(f"a story titled '{title}' already exists; choose another title")
