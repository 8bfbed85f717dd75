"""Queries for spaced-repetition practice: cards, review logs and the activity behind progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from mlcoach.storage.tables import (
    Attempt,
    Card,
    InterviewAnswer,
    InterviewSession,
    ReviewLog,
    User,
)


def card_for(session: Session, user: User, item_id: str) -> Card | None:
    """The learner's card for one item, None before its first rating."""
    return session.scalar(select(Card).where(Card.user_id == user.id, Card.item_id == item_id))


def cards_of(session: Session, user: User) -> list[Card]:
    """Every card of the learner, oldest first."""
    return list(session.scalars(select(Card).where(Card.user_id == user.id).order_by(Card.id)))


def save_review(
    session: Session,
    user: User,
    *,
    item_id: str,
    item_kind: str,
    state: dict[str, Any],
    due: datetime,
    now: datetime,
    rating: int,
    suggested: int | None = None,
    duration_ms: int | None = None,
    log: dict[str, Any] | None = None,
    deck_id: int | None = None,
) -> Card:
    """Create or update the card and add its review log, in the caller's transaction."""
    card = card_for(session, user, item_id)
    if card is None:
        card = Card(
            user_id=user.id, item_id=item_id, item_kind=item_kind, deck_id=deck_id, created_at=now
        )
        session.add(card)
    card.state, card.due, card.updated_at = state, due, now
    session.flush()
    session.add(
        ReviewLog(
            card_id=card.id,
            rating=rating,
            reviewed_at=now,
            duration_ms=duration_ms,
            suggested_rating=suggested,
            log=log or {},
        )
    )
    session.flush()
    return card


def review_logs_of(session: Session, user: User) -> list[tuple[str, ReviewLog]]:
    """(item id, log) for every review of the learner, oldest first."""
    query = (
        select(Card.item_id, ReviewLog)
        .join(Card, ReviewLog.card_id == Card.id)
        .where(Card.user_id == user.id)
        .order_by(ReviewLog.reviewed_at, ReviewLog.id)
    )
    return [(item_id, log) for item_id, log in session.execute(query)]


def attempts_since(session: Session, user: User, since: datetime | None = None) -> list[Attempt]:
    """The learner's attempts from `since` (all when None), oldest first."""
    query = select(Attempt).where(Attempt.user_id == user.id)
    if since is not None:
        query = query.where(Attempt.created_at >= since)
    return list(session.scalars(query.order_by(Attempt.created_at, Attempt.id)))


def interview_answer_times(session: Session, user: User) -> list[datetime]:
    """When the learner answered in mock interviews (practice too, for the streak)."""
    query = (
        select(InterviewAnswer.submitted_at)
        .join(InterviewSession, InterviewAnswer.session_id == InterviewSession.id)
        .where(InterviewSession.user_id == user.id)
    )
    return list(session.scalars(query))


# One statement, prepared once: count and latest id or time per table of the learner's data.
# Each max is cast to text before coalesce: PostgreSQL types coalesce(max(id), '') as an
# integer and refuses the '' (SQLite would take either).
_DATA_VERSION = text(
    """
    SELECT
      (SELECT count(*) || ':' || coalesce(cast(max(id) AS text), '') FROM attempts
        WHERE user_id = :user),
      (SELECT count(*) || ':' || coalesce(cast(max(updated_at) AS text), '') FROM cards
        WHERE user_id = :user),
      (SELECT count(*) || ':' || coalesce(cast(max(id) AS text), '') FROM review_logs
        WHERE card_id IN (SELECT id FROM cards WHERE user_id = :user)),
      (SELECT count(*) || ':' || coalesce(cast(max(updated_at) AS text), '')
        FROM interview_sessions WHERE user_id = :user),
      (SELECT count(*) || ':' || coalesce(cast(max(id) AS text), '') FROM interview_answers
        WHERE session_id IN (SELECT id FROM interview_sessions WHERE user_id = :user)),
      (SELECT count(*) || ':' || coalesce(cast(max(id) AS text), '') FROM deck_items
        WHERE deck_id IN (SELECT id FROM decks WHERE user_id = :user))
    """
)


def data_version(session: Session, user: User) -> tuple[Any, ...]:
    """A fingerprint of everything progress and the plan read: it changes with any new, changed
    or deleted attempt, card, review, interview or deck item, and with the saved profile."""
    row = session.execute(_DATA_VERSION, {"user": user.id}).one()
    return (*row, user.interview_date, user.target_company, user.hours_per_week)
