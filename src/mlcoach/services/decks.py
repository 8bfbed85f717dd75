"""The learner's imported decks: list, show, rename, delete, and their items as bank models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from mlcoach.content import AnyItem
from mlcoach.content.importers.convert import to_bank_item
from mlcoach.services.coach import Coach
from mlcoach.storage import decks_repo as repo
from mlcoach.storage.tables import Deck, DeckItem, User

MAX_NAME = 200


class DeckError(Exception):
    """Bad deck name or a deck that does not exist; the message says what to do."""


def list_decks(coach: Coach) -> list[dict[str, Any]]:
    """Each deck with its counts: practisable items, answerless cards, items linked to the bank."""
    with coach.learner() as (session, user):
        return [
            _summary(deck, repo.items_of(session, deck)) for deck in repo.decks_of(session, user)
        ]


def deck_summary(coach: Coach, name: str) -> dict[str, Any]:
    """One deck's counts, as `list_decks` gives them; DeckError when there is no such deck."""
    with coach.learner() as (session, user):
        deck = _deck(session, user, name)
        return _summary(deck, repo.items_of(session, deck))


def deck_contents(coach: Coach, name: str) -> dict[str, Any]:
    """One deck's items in source order, each with its id, kind, title and status (see
    `item_entry`); DeckError when there is no such deck."""
    with coach.learner() as (session, user):
        deck = _deck(session, user, name)
        rows = [item_entry(row) for row in repo.items_of(session, deck)]
        return {"name": deck.name, "source": deck.source_path, "items": rows}


def item_entry(row: DeckItem) -> dict[str, Any]:
    """What a learner needs to find one deck item: its id, its kind as imported, its title,
    the source line, and its status: "practisable" (graded like a bank item), "answerless" (a
    question without an answer: nothing to grade) or "linked" (the same question as the
    shipped item `same_as`, practised through that one)."""
    status = "linked" if row.data.get("same_as") else "practisable"
    if row.data.get("answerless"):
        status = "answerless"
    return {
        "id": row.item_id,
        "kind": str(row.data.get("import_kind", row.kind)),
        "title": str(row.data.get("title") or row.data.get("question") or row.item_id),
        "line": row.source_line,
        "status": status,
        "same_as": row.data.get("same_as"),
    }


@dataclass(frozen=True)
class DeckEntry:
    """One deck item found by id: its deck's name, its `item_entry`, and its bank model (None
    unless its status is "practisable")."""

    deck: str
    entry: dict[str, Any]
    item: AnyItem | None


def find_deck_entry(coach: Coach, item_id: str) -> DeckEntry | None:
    """The learner's deck item with this id, whatever its status; None when no deck has it."""
    with coach.learner() as (session, user):
        found = repo.item_with_id(session, user, item_id)
        if found is None:
            return None
        deck, row = found
        item = _model(row) if is_practisable(row) else None
        return DeckEntry(deck.name, item_entry(row), item)


def _summary(deck: Deck, items: list[DeckItem]) -> dict[str, Any]:
    kinds: dict[str, int] = {}
    for item in items:
        if is_practisable(item):
            kind = str(item.data.get("import_kind", item.kind))
            kinds[kind] = kinds.get(kind, 0) + 1
    return {
        "name": deck.name,
        "items": sum(kinds.values()),
        "answerless": sum(1 for i in items if i.data.get("answerless")),
        "linked": sum(1 for i in items if i.data.get("same_as")),
        "by_kind": dict(sorted(kinds.items())),
        "source": deck.source_path,
        "imported_at": deck.created_at.isoformat(),
    }


def rename_deck(coach: Coach, old: str, new: str) -> dict[str, Any]:
    """Rename a deck; its item ids (and so the learner's history) do not change."""
    new = new.strip()
    if not new or len(new) > MAX_NAME:
        raise DeckError(f"NEW: give a name of 1 to {MAX_NAME} characters")
    with coach.learner() as (session, user):
        deck = _deck(session, user, old)
        if new != old and repo.deck_named(session, user, new) is not None:
            raise DeckError(f"NEW: a deck named '{new}' already exists; pick another name")
        deck.name = new
        return {"renamed": old, "to": new}


def delete_deck(coach: Coach, name: str) -> dict[str, Any]:
    """Delete a deck, its items, and the learner's cards and attempts for those items."""
    with coach.learner() as (session, user):
        deck = _deck(session, user, name)
        items = repo.items_of(session, deck)
        repo.forget_items(session, user, [item.item_id for item in items])
        session.delete(deck)
        return {"deleted": name, "items": len(items)}


def _deck(session: Session, user: User, name: str) -> Deck:
    deck = repo.deck_named(session, user, name)
    if deck is None:
        known = ", ".join(d.name for d in repo.decks_of(session, user)) or "none yet"
        raise DeckError(f"no deck named '{name}' (decks: {known}); see `mlcoach decks list`")
    return deck


def is_practisable(item: DeckItem) -> bool:
    """Answerless cards and items that duplicate a shipped one are not practised on their own."""
    return not item.data.get("answerless") and not item.data.get("same_as")


def practice_items(coach: Coach) -> list[AnyItem]:
    """Every practisable deck item of the learner as a bank model."""
    with coach.learner() as (session, user):
        rows = [item for _, item in repo.items_of_user(session, user) if is_practisable(item)]
    return [model for model in (_model(row) for row in rows) if model is not None]


def practice_item(coach: Coach, item_id: str) -> AnyItem | str | None:
    """One deck item as a bank model; the shipped id when it duplicates one; None if unknown."""
    with coach.learner() as (session, user):
        found = repo.item_with_id(session, user, item_id)
    if found is None:
        return None
    row = found[1]
    if row.data.get("same_as"):
        return str(row.data["same_as"])
    return _model(row) if is_practisable(row) else None


def _model(row: DeckItem) -> AnyItem | None:
    try:
        return to_bank_item(row.item_id, row.data)
    except (ValidationError, ValueError, KeyError):
        return None  # a row written by an older importer: skip it rather than break practice


def deck_id_of(coach: Coach, item_id: str) -> int | None:
    """The id of the learner's deck holding this item (None for shipped items)."""
    with coach.learner() as (session, user):
        found = repo.item_with_id(session, user, item_id)
    return found[0].id if found else None


def deck_rows(coach: Coach, name: str) -> list[dict[str, Any]]:
    """A deck's items as stored (id, kind and data), in source order, for export."""
    with coach.learner() as (session, user):
        deck = _deck(session, user, name)
        return [
            {"id": row.item_id, "kind": row.kind, "data": dict(row.data)}
            for row in repo.items_of(session, deck)
        ]
