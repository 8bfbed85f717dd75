"""One way to find the items a learner can practise: the shipped bank plus their imported decks."""

from __future__ import annotations

from mlcoach.content import AnyItem
from mlcoach.services import decks
from mlcoach.services.coach import Coach


class UnknownItem(LookupError):
    pass


def deck_items(coach: Coach) -> list[AnyItem]:
    """Practisable items of the learner's imported decks, as bank models (ids `deck-...`).

    Answerless cards and items that repeat a shipped question are left out: the first have
    nothing to grade against, the second are practised through the shipped item.
    """
    return decks.practice_items(coach)


def all_items(coach: Coach) -> list[AnyItem]:
    return [*coach.bank.items.values(), *deck_items(coach)]


def find_item(coach: Coach, item_id: str) -> AnyItem:
    item = coach.bank.items.get(item_id)
    if item is not None:
        return item
    found = decks.practice_item(coach, item_id) if item_id.startswith("deck-") else None
    if isinstance(found, str):
        raise UnknownItem(f"'{item_id}' is the same question as shipped item '{found}'; use that")
    if found is None:
        raise UnknownItem(f"no item '{item_id}'; run `mlcoach content list` for the ids")
    return found
