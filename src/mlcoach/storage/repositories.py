"""Queries the services use; routes and commands never write SQL of their own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mlcoach.storage.tables import Attempt, User


def get_or_create_user(session: Session, name: str, now: datetime) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        user = User(name=name, created_at=now, settings={})
        session.add(user)
        session.flush()
    return user


def add_attempt(
    session: Session,
    user: User,
    *,
    item_id: str,
    item_kind: str,
    answer: str,
    now: datetime,
    score: float | None = None,
    verdict: str | None = None,
    duration_ms: int | None = None,
    result: dict[str, Any] | None = None,
    deck_id: int | None = None,
) -> Attempt:
    attempt = Attempt(
        user_id=user.id,
        item_id=item_id,
        item_kind=item_kind,
        answer=answer,
        created_at=now,
        score=score,
        verdict=verdict,
        duration_ms=duration_ms,
        result=result or {},
        deck_id=deck_id,
    )
    session.add(attempt)
    session.flush()
    return attempt


def attempts_for(session: Session, user: User, item_id: str | None = None) -> list[Attempt]:
    query = select(Attempt).where(Attempt.user_id == user.id)
    if item_id is not None:
        query = query.where(Attempt.item_id == item_id)
    return list(session.scalars(query.order_by(Attempt.created_at, Attempt.id)))


def solved_item_ids(session: Session, user: User) -> set[str]:
    query = select(Attempt.item_id).where(Attempt.user_id == user.id, Attempt.verdict == "AC")
    return set(session.scalars(query))
