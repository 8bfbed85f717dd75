"""One way to find the items a learner can practise: the shipped bank plus their imported decks."""

from __future__ import annotations

from mlcoach.content import AnyItem
from mlcoach.services.coach import Coach


class UnknownItem(LookupError):
    pass


def deck_items(coach: Coach) -> list[AnyItem]:
    """Items from the learner's imported decks (filled in by the import feature, issue 7)."""
    return []


def all_items(coach: Coach) -> list[AnyItem]:
    return [*coach.bank.items.values(), *deck_items(coach)]


def find_item(coach: Coach, item_id: str) -> AnyItem:
    item = coach.bank.items.get(item_id)
    if item is not None:
        return item
    for candidate in deck_items(coach):
        if candidate.id == item_id:
            return candidate
    raise UnknownItem(f"no item '{item_id}'; run `mlcoach content list` for the ids")
