"""Queries over the learner's story bank (behavioral stories in STAR form)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mlcoach.storage.tables import Story, User


def list_stories(session: Session, user: User) -> list[Story]:
    query = select(Story).where(Story.user_id == user.id).order_by(Story.title, Story.id)
    return list(session.scalars(query))


def get_story(session: Session, user: User, story_id: int) -> Story | None:
    query = select(Story).where(Story.user_id == user.id, Story.id == story_id)
    return session.scalar(query)


def find_by_title(session: Session, user: User, title: str) -> Story | None:
    query = select(Story).where(Story.user_id == user.id, Story.title == title)
    return session.scalar(query)


def add_story(session: Session, story: Story) -> Story:
    session.add(story)
    session.flush()
    return story


def delete_story(session: Session, story: Story) -> None:
    session.delete(story)
    session.flush()
