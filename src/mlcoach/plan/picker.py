"""Which items and mock blueprints a session suggests.

Fresh items come first: not yet suggested elsewhere in the plan, not yet attempted by the
learner, tagged with the target company. Early phases start easy; later phases start hard.
Items come back only when a topic runs out of fresh ones.
"""

from __future__ import annotations

from collections import Counter

from mlcoach.plan.models import CatalogueItem, MockBlueprint, Phase

# Rough minutes one item takes, used to size a session's suggestion list.
ITEM_MINUTES: dict[str, int] = {
    "concept": 10,
    "challenge": 30,
    "design": 40,
    "case": 30,
    "behavioral": 15,
}
MAX_SUGGESTIONS = 6
EASY_FIRST: frozenset[Phase] = frozenset({"foundations", "technical-practice"})


class Picker:
    """Hands out item and blueprint suggestions, remembering what it already suggested."""

    def __init__(
        self,
        items: tuple[CatalogueItem, ...],
        blueprints: tuple[MockBlueprint, ...],
        company: str | None,
        done: frozenset[str],
    ):
        self._items = items
        self._blueprints = blueprints
        self._company = company
        self._done = done
        self._used: Counter[str] = Counter()

    def items_for(self, kind: str, topic: str, minutes: int, phase: Phase) -> tuple[str, ...]:
        """Enough items of `kind` in `topic` to fill `minutes` (order in the module doc)."""
        candidates = [i for i in self._items if i.kind == kind and i.topic == topic]
        wanted = max(1, min(MAX_SUGGESTIONS, minutes // ITEM_MINUTES.get(kind, 15)))
        direction = 1 if phase in EASY_FIRST else -1
        candidates.sort(
            key=lambda i: (
                self._used[i.id],
                i.id in self._done,
                self._company not in i.companies,
                direction * i.difficulty,
                i.id,
            )
        )
        chosen = tuple(i.id for i in candidates[:wanted])
        self._used.update(chosen)
        return chosen

    def blueprint_for(self, minutes: int) -> tuple[str, ...]:
        """The least used blueprint that fits the session (longest first), else the shortest."""
        if not self._blueprints:
            return ()
        best = min(self._blueprints, key=lambda b: self._blueprint_rank(b, minutes))
        self._used[best.id] += 1
        return (best.id,)

    def _blueprint_rank(self, blueprint: MockBlueprint, minutes: int) -> tuple[bool, int, int, str]:
        fits = blueprint.minutes <= minutes
        size = -blueprint.minutes if fits else blueprint.minutes
        return (not fits, self._used[blueprint.id], size, blueprint.id)
