"""Mastery and streaks from practice records (pure: records and `now` come in as arguments).

Mastery of one item at `now`, in 0..1:

    R = fsrs retrievability of its card at `now` (the predicted chance of recall)
    G = mean of its last RECENT_GRADES scores / 100 (free-text grade, or share of judge cases;
        graded mock-interview answers count as well as practice attempts)
    item mastery = R x G when both exist, else whichever exists

A product, not a mean: right after any review fsrs predicts near-certain recall (R ~ 1, even
after "Again"), so a mean would credit a failed answer with half marks and rank a topic just
failed above one never tried. R x G is "what you showed you know, discounted by what you are
predicted to have forgotten since".

Mastery of a group of items (a topic, a scorecard dimension):

    mastery = sum(item mastery over practised items) / (practised items + PRIOR_ITEMS)

The PRIOR_ITEMS pseudo-items count as "not mastered", so one lucky answer cannot make a topic
look mastered: a perfect first item gives 1/3, five perfect items give 5/7. Topics never
practised have mastery 0.

Communication signal of one free-text grade result, in 0..1 (what the graders can see of
structure and clarity): 0 when a capping flag says it was no real answer (empty, echo, keyword
list or stuffing, off topic, text aimed at the grader); for a behavioral answer the share of
the four STAR parts present; for a design answer the share of the five framework steps it
touched, halved when it jumped to the model before clarifying requirements; otherwise 1, or
0.5 when flagged as padded.

Streak: the number of consecutive local calendar days with any practice (an answer, in
practice or in a mock interview, or a rating), ending today, or yesterday when nothing has
been done yet today (the streak is still alive until the day ends).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from mlcoach.grading.guards import CAPPING_FLAGS

RECENT_GRADES = 3
PRIOR_ITEMS = 2


@dataclass(frozen=True)
class ItemRecord:
    """What practice has shown about one item: retrievability now and recent scores (0..100)."""

    item_id: str
    retrievability: float | None = None  # None: the item has no reviewed card
    recent_scores: tuple[float, ...] = ()  # newest last


def item_mastery(record: ItemRecord) -> float | None:
    """R x G, or the one that exists; None when the item was never practised."""
    parts = []
    if record.retrievability is not None:
        parts.append(min(max(record.retrievability, 0.0), 1.0))
    scores = record.recent_scores[-RECENT_GRADES:]
    if scores:
        parts.append(min(max(sum(scores) / len(scores) / 100.0, 0.0), 1.0))
    return math.prod(parts) if parts else None


def shrunk_mean(values: Sequence[float]) -> float:
    """sum(values) / (len(values) + PRIOR_ITEMS): a mean pulled towards 0 on little evidence."""
    return sum(values) / (len(values) + PRIOR_ITEMS) if values else 0.0


def group_mastery(records: Iterable[ItemRecord]) -> float:
    """Shrunk mean of the practised items' masteries; 0 when none was practised."""
    return shrunk_mean([m for m in map(item_mastery, records) if m is not None])


def topic_mastery(
    topics_of: Mapping[str, Sequence[str]], records: Mapping[str, ItemRecord]
) -> dict[str, float]:
    """Mastery per topic; `topics_of` maps every item id to its topics (challenges have
    several), `records` holds the practised items. Every topic named gets a value."""
    by_topic: dict[str, list[ItemRecord]] = {}
    for item_id, topics in topics_of.items():
        for topic in topics:
            group = by_topic.setdefault(topic, [])
            if item_id in records:
                group.append(records[item_id])
    return {topic: group_mastery(group) for topic, group in sorted(by_topic.items())}


def communication_signal(result: Mapping[str, Any]) -> float:
    """Structure and clarity of one grade result (rules in the module doc)."""
    flags = set(result.get("flags", ()))
    if flags & CAPPING_FLAGS:
        return 0.0
    if isinstance(result.get("parts"), Mapping):
        parts = list(result["parts"].values())
        return sum(bool(p.get("present")) for p in parts) / len(parts) if parts else 0.0
    if isinstance(result.get("steps"), Mapping):
        steps = list(result["steps"].values())
        touched = sum(float(s.get("score", 0)) > 0 for s in steps) / len(steps) if steps else 0.0
        jumped = "model_before_requirements" in result.get("mistakes", ())
        return touched / 2 if jumped else touched
    return 0.5 if "padding" in flags else 1.0


def weakest(mastery: Mapping[str, float], practised: Mapping[str, int], n: int = 3) -> list[str]:
    """The `n` topics with the lowest mastery; among equals, the least practised first."""
    return sorted(mastery, key=lambda t: (mastery[t], practised.get(t, 0), t))[:n]


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The learner's calendar date at `moment`."""
    return moment.astimezone(zone).date()


@dataclass(frozen=True)
class Streak:
    """Days in a row with practice: now, at best ever, and whether today already counts."""

    current: int
    longest: int
    practised_today: bool


def streak(activity: Iterable[datetime], now: datetime, zone: tzinfo) -> Streak:
    """Consecutive local days with practice (rules in the module doc)."""
    days = {local_day(moment, zone) for moment in activity}
    today = local_day(now, zone)
    end = today if today in days else today - timedelta(days=1)
    current = 0
    while end - timedelta(days=current) in days:
        current += 1
    return Streak(current, _longest_run(days), today in days)


def _longest_run(days: set[date]) -> int:
    longest = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue  # not the start of a run
        length = 1
        while day + timedelta(days=length) in days:
            length += 1
        longest = max(longest, length)
    return longest
