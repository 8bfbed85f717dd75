"""A day's practice queue and the in-session loop (pure: cards, `now` and `rng` come in).

Queue rules:

1. Only items matching every filter given (kind, topic, company, difficulty) are considered.
2. Due reviews first (card due at or before `now`), most overdue first.
3. Then new items (no card yet), at most `new_allowed` (the daily limit minus the new cards
   already introduced in the learner's local day): shuffled with the injected `rng`, easier
   first, taken round-robin across topics so one day's new items span the topics.
4. At most `limit` items in all; the final order interleaves topics so that two items of the
   same topic are never adjacent when another order can avoid it.

In a session an item rated Again comes back AGAIN_GAP items later (at the end when fewer
remain), up to MAX_RETURNS times, whatever its fsrs due time says.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any, TypeVar

from fsrs import Rating

from mlcoach.content import AnyItem
from mlcoach.content.models import Filters, item_topics

AGAIN_GAP = 3
MAX_RETURNS = 3
T = TypeVar("T")


@dataclass(frozen=True)
class QueueEntry:
    """One item to practise: its id, kind, main topic, and whether it has no card yet."""

    item_id: str
    kind: str
    topic: str
    is_new: bool
    due: datetime | None = None  # None for a new item

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["due"] = self.due.isoformat() if self.due else None
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QueueEntry:
        due = datetime.fromisoformat(data["due"]) if data.get("due") else None
        return cls(data["item_id"], data["kind"], data["topic"], bool(data["is_new"]), due)


def local_day_bounds(now: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) of the learner's local calendar day containing `now`, in UTC."""
    day = now.astimezone(zone).date()
    start = datetime.combine(day, time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def new_allowed_today(
    per_day: int, introduced: Iterable[datetime], now: datetime, zone: tzinfo
) -> int:
    """New items still allowed today: `per_day` minus the cards `introduced` (first rated) in
    the learner's local day containing `now`."""
    start, end = local_day_bounds(now, zone)
    return max(per_day - sum(start <= moment < end for moment in introduced), 0)


def build_queue(
    items: Sequence[AnyItem],
    due_at: Mapping[str, datetime],
    *,
    now: datetime,
    filters: Filters,
    limit: int,
    new_allowed: int,
    rng: random.Random,
) -> list[QueueEntry]:
    """Today's queue (rules in the module doc); `due_at` maps carded item ids to due times."""
    chosen = [item for item in items if filters.matches(item)]
    reviews = sorted(
        (i for i in chosen if i.id in due_at and due_at[i.id] <= now),
        key=lambda i: (due_at[i.id], i.id),
    )[: max(limit, 0)]
    fresh = [i for i in chosen if i.id not in due_at]
    rng.shuffle(fresh)
    fresh.sort(key=lambda i: i.difficulty)
    fresh = round_robin(fresh, lambda i: item_topics(i)[0])
    fresh = fresh[: max(0, min(new_allowed, limit - len(reviews)))]
    entries = [_entry(i, due_at.get(i.id)) for i in reviews] + [_entry(i, None) for i in fresh]
    return interleave(entries, lambda e: e.topic)


def _entry(item: AnyItem, due: datetime | None) -> QueueEntry:
    return QueueEntry(item.id, item.kind, item_topics(item)[0], due is None, due)


def _groups(values: Iterable[T], key: Callable[[T], str]) -> dict[str, deque[T]]:
    """Values grouped by key, groups in order of first appearance, order kept inside."""
    groups: dict[str, deque[T]] = {}
    for value in values:
        groups.setdefault(key(value), deque()).append(value)
    return groups


def round_robin(values: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """One from each group in turn: breadth first, each group's own order kept."""
    groups = list(_groups(values, key).values())
    out: list[T] = []
    while groups:
        out += [group.popleft() for group in groups]
        groups = [group for group in groups if group]
    return out


def interleave(values: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """Reorder so neighbours differ in `key` whenever possible: always take from the largest
    remaining group that is not the previous one (ties: the group seen first)."""
    groups = _groups(values, key)
    order = {name: index for index, name in enumerate(groups)}
    out: list[T] = []
    last: str | None = None
    while any(groups.values()):
        live = [name for name, group in groups.items() if group]
        others = [name for name in live if name != last] or live
        last = max(others, key=lambda name: (len(groups[name]), -order[name]))
        out.append(groups[last].popleft())
    return out


@dataclass
class PracticeSession:
    """The items left in this sitting; Again sends an item back a few places (module doc)."""

    pending: list[QueueEntry]
    returns: dict[str, int] = field(default_factory=dict)
    done: int = 0

    def next(self) -> QueueEntry | None:
        """The next item to show, or None when the sitting is over."""
        return self.pending.pop(0) if self.pending else None

    def record(self, entry: QueueEntry, rating: Rating) -> bool:
        """Count the answer; True when the item was put back to come again this session."""
        self.done += 1
        if rating != Rating.Again or self.returns.get(entry.item_id, 0) >= MAX_RETURNS:
            return False
        self.returns[entry.item_id] = self.returns.get(entry.item_id, 0) + 1
        # it has a card now: when it comes back it is a review, not a new item
        self.pending.insert(min(AGAIN_GAP, len(self.pending)), replace(entry, is_new=False))
        return True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, so a web session can keep it between requests."""
        return {
            "pending": [e.to_dict() for e in self.pending],
            "returns": dict(self.returns),
            "done": self.done,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PracticeSession:
        pending = [QueueEntry.from_dict(e) for e in data.get("pending", [])]
        return cls(pending, dict(data.get("returns", {})), int(data.get("done", 0)))
