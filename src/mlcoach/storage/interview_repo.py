"""Queries for mock-interview sessions and their answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mlcoach.storage.tables import InterviewAnswer, InterviewSession, User


def add_session(
    session: Session,
    user: User,
    *,
    session_id: str,
    blueprint: dict[str, Any],
    state: dict[str, Any],
    now: datetime,
) -> InterviewSession:
    row = InterviewSession(
        id=session_id,
        user_id=user.id,
        blueprint_id=str(blueprint["id"]),
        blueprint=blueprint,
        status="running",
        started_at=now,
        updated_at=now,
        finished_at=None,
        state=state,
        report=None,
    )
    session.add(row)
    session.flush()
    return row


def get_session(session: Session, user: User, session_id: str) -> InterviewSession | None:
    row = session.get(InterviewSession, session_id)
    return row if row is not None and row.user_id == user.id else None


def lock_session(
    session: Session, user: User, session_id: str, now: datetime
) -> InterviewSession | None:
    """The session row, write-locked for the rest of the transaction.

    The UPDATE comes before the read: SQLite then holds its write lock and PostgreSQL the row
    lock, so a second writer waits and reads the state this one commits.
    """
    session.execute(
        update(InterviewSession)
        .where(InterviewSession.id == session_id, InterviewSession.user_id == user.id)
        .values(updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return get_session(session, user, session_id)


def sessions_of(session: Session, user: User, status: str | None = None) -> list[InterviewSession]:
    query = select(InterviewSession).where(InterviewSession.user_id == user.id)
    if status is not None:
        query = query.where(InterviewSession.status == status)
    order = (InterviewSession.updated_at.desc(), InterviewSession.id)
    return list(session.scalars(query.order_by(*order)))


def states_of(session: Session, user: User) -> list[dict[str, Any]]:
    """The saved state of every session of the learner, finished or not, oldest first."""
    query = (
        select(InterviewSession.state)
        .where(InterviewSession.user_id == user.id)
        .order_by(InterviewSession.started_at, InterviewSession.id)
    )
    return [dict(state or {}) for state in session.scalars(query)]


def add_answer(
    session: Session,
    *,
    session_id: str,
    section_id: str,
    item_id: str,
    step: str | None,
    answer: str,
    now: datetime,
    timed_out: bool,
) -> InterviewAnswer:
    row = InterviewAnswer(
        session_id=session_id,
        section_id=section_id,
        item_id=item_id,
        step=step,
        answer=answer,
        submitted_at=now,
        timed_out=timed_out,
        result={},
    )
    session.add(row)
    session.flush()
    return row


def answers_of(session: Session, session_id: str) -> list[InterviewAnswer]:
    query = select(InterviewAnswer).where(InterviewAnswer.session_id == session_id)
    return list(session.scalars(query.order_by(InterviewAnswer.id)))
