"""Queries behind export and import: every row a learner owns, in a stable order, and removal.

Rows come back ordered by primary key (interview sessions, keyed by uuid, by start time), which
is also the order an import inserts them in, so export -> import -> export gives the same file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from mlcoach.storage.tables import (
    Attempt,
    Card,
    Deck,
    DeckItem,
    InterviewAnswer,
    InterviewSession,
    ReviewLog,
    Story,
    User,
)

# Tables whose rows carry the learner's user_id directly.
OWNED = (Attempt, Card, Deck, InterviewSession, Story)


def decks_of(session: Session, user: User) -> list[Deck]:
    """The learner's imported decks, oldest first."""
    return list(session.scalars(select(Deck).where(Deck.user_id == user.id).order_by(Deck.id)))


def attempts_of(session: Session, user: User) -> list[Attempt]:
    """The learner's attempts in insertion order."""
    query = select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.id)
    return list(session.scalars(query))


def interviews_of(session: Session, user: User) -> list[InterviewSession]:
    """The learner's mock interview sessions by start time."""
    query = (
        select(InterviewSession)
        .where(InterviewSession.user_id == user.id)
        .order_by(InterviewSession.started_at, InterviewSession.id)
    )
    return list(session.scalars(query))


def stories_of(session: Session, user: User) -> list[Story]:
    """The learner's STAR stories, oldest first."""
    return list(session.scalars(select(Story).where(Story.user_id == user.id).order_by(Story.id)))


def deck_items_by_deck(session: Session, deck_ids: Sequence[int]) -> dict[int, list[DeckItem]]:
    """Deck id -> its items, in insertion order."""
    query = select(DeckItem).where(DeckItem.deck_id.in_(deck_ids)).order_by(DeckItem.id)
    return _grouped(session.scalars(query), "deck_id")


def review_logs_by_card(session: Session, card_ids: Sequence[int]) -> dict[int, list[ReviewLog]]:
    """Card id -> its review logs, in insertion order."""
    query = select(ReviewLog).where(ReviewLog.card_id.in_(card_ids)).order_by(ReviewLog.id)
    return _grouped(session.scalars(query), "card_id")


def answers_by_interview(
    session: Session, interview_ids: Sequence[str]
) -> dict[str, list[InterviewAnswer]]:
    """Interview session id -> its answers, in insertion order."""
    query = (
        select(InterviewAnswer)
        .where(InterviewAnswer.session_id.in_(interview_ids))
        .order_by(InterviewAnswer.id)
    )
    return _grouped(session.scalars(query), "session_id")


def _grouped(rows: Any, key: str) -> dict[Any, list[Any]]:
    groups: defaultdict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, key)].append(row)
    return dict(groups)


def counts_of(session: Session, user: User) -> dict[str, int]:
    """How many rows of each owned table the learner has (children counted through parents)."""
    counts = {
        table.__tablename__: _count(session, select(func.count()).where(table.user_id == user.id))
        for table in OWNED
    }
    card_ids = select(Card.id).where(Card.user_id == user.id)
    deck_ids = select(Deck.id).where(Deck.user_id == user.id)
    interview_ids = select(InterviewSession.id).where(InterviewSession.user_id == user.id)
    counts["review_logs"] = _count(
        session, select(func.count()).where(ReviewLog.card_id.in_(card_ids))
    )
    counts["deck_items"] = _count(
        session, select(func.count()).where(DeckItem.deck_id.in_(deck_ids))
    )
    counts["interview_answers"] = _count(
        session, select(func.count()).where(InterviewAnswer.session_id.in_(interview_ids))
    )
    return dict(sorted(counts.items()))


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(query) or 0)


def delete_user_data(session: Session, user: User) -> None:
    """Remove every row the learner owns, children first (no reliance on ON DELETE CASCADE)."""
    card_ids = select(Card.id).where(Card.user_id == user.id)
    deck_ids = select(Deck.id).where(Deck.user_id == user.id)
    interview_ids = select(InterviewSession.id).where(InterviewSession.user_id == user.id)
    session.execute(delete(ReviewLog).where(ReviewLog.card_id.in_(card_ids)))
    session.execute(delete(InterviewAnswer).where(InterviewAnswer.session_id.in_(interview_ids)))
    for table in (Attempt, Card, InterviewSession, Story):
        session.execute(delete(table).where(table.user_id == user.id))
    session.execute(delete(DeckItem).where(DeckItem.deck_id.in_(deck_ids)))
    session.execute(delete(Deck).where(Deck.user_id == user.id))
    session.expire_all()


def interview_ids_taken(session: Session, ids: Sequence[str]) -> set[str]:
    """Which of these interview session ids already exist (for any learner)."""
    if not ids:
        return set()
    query = select(InterviewSession.id).where(InterviewSession.id.in_(ids))
    return set(session.scalars(query))
