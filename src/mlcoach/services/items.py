"""One way to find the items a learner can practise: the shipped bank plus their imported decks."""

from __future__ import annotations

from mlcoach.content import AnyItem
from mlcoach.services import decks
from mlcoach.services.coach import Coach


class UnknownItem(LookupError):
    """No practisable item has this id; the message says where to find the ids."""


def deck_items(coach: Coach) -> list[AnyItem]:
    """Practisable items of the learner's imported decks, as bank models (ids `deck-...`).

    Answerless cards and items that repeat a shipped question are left out: the first have
    nothing to grade against, the second are practised through the shipped item.
    """
    return decks.practice_items(coach)


def all_items(coach: Coach) -> list[AnyItem]:
    """The shipped bank's items, then the learner's practisable deck items."""
    return [*coach.bank.items.values(), *deck_items(coach)]


def find_item(coach: Coach, item_id: str) -> AnyItem:
    """The item with this id, shipped or imported; UnknownItem (with what to do) otherwise."""
    item = coach.bank.items.get(item_id)
    if item is not None:
        return item
    if not item_id.startswith("deck-"):
        raise UnknownItem(f"no item '{item_id}'; run `mlcoach content list` for the ids")
    found = decks.practice_item(coach, item_id)
    if isinstance(found, str):
        raise UnknownItem(f"'{item_id}' is the same question as shipped item '{found}'; use that")
    if found is None:
        raise UnknownItem(
            f"no item '{item_id}' to practise in your decks (answerless cards have nothing to "
            "grade); run `mlcoach decks list` to see your decks"
        )
    return found
