"""Queries for imported decks and their items (always scoped to one learner)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mlcoach.storage.tables import Attempt, Card, Deck, DeckItem, User


def decks_of(session: Session, user: User) -> list[Deck]:
    return list(session.scalars(select(Deck).where(Deck.user_id == user.id).order_by(Deck.name)))


def deck_named(session: Session, user: User, name: str) -> Deck | None:
    return session.scalar(select(Deck).where(Deck.user_id == user.id, Deck.name == name))


def deck_with_source(session: Session, user: User, sha256: str) -> Deck | None:
    query = select(Deck).where(Deck.user_id == user.id, Deck.source_sha256 == sha256)
    return session.scalars(query.order_by(Deck.id)).first()


def items_of(session: Session, deck: Deck) -> list[DeckItem]:
    query = select(DeckItem).where(DeckItem.deck_id == deck.id)
    return list(session.scalars(query.order_by(DeckItem.source_line, DeckItem.id)))


def items_of_user(session: Session, user: User) -> list[tuple[Deck, DeckItem]]:
    """Every item of every deck of the learner, with its deck, in deck and source order."""
    query = (
        select(Deck, DeckItem)
        .join(DeckItem, DeckItem.deck_id == Deck.id)
        .where(Deck.user_id == user.id)
        .order_by(Deck.name, DeckItem.source_line, DeckItem.id)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def item_with_id(session: Session, user: User, item_id: str) -> tuple[Deck, DeckItem] | None:
    """The learner's deck item with this id and its deck (ids are unique across decks)."""
    query = (
        select(Deck, DeckItem)
        .join(DeckItem, DeckItem.deck_id == Deck.id)
        .where(Deck.user_id == user.id, DeckItem.item_id == item_id)
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row else None


def item_ids_of_user(session: Session, user: User) -> set[str]:
    query = select(DeckItem.item_id).join(Deck, DeckItem.deck_id == Deck.id)
    return set(session.scalars(query.where(Deck.user_id == user.id)))


def forget_items(session: Session, user: User, item_ids: Iterable[str]) -> None:
    """Remove the learner's cards and attempts for these items (their review logs cascade)."""
    ids = list(item_ids)
    if not ids:
        return
    session.execute(delete(Card).where(Card.user_id == user.id, Card.item_id.in_(ids)))
    session.execute(delete(Attempt).where(Attempt.user_id == user.id, Attempt.item_id.in_(ids)))
