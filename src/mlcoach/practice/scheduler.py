"""Spaced repetition for every item: a thin wrapper over `fsrs` (we never schedule by hand).

Card state lives in the database as the fsrs Card's own `to_dict()`; this module turns it back
into a `fsrs.Card`, reviews it at an explicit UTC time and previews what each rating would do.
Fuzzing is off: it draws from the global random generator, and a preview must show exactly the
due time the chosen rating will then give.

Suggested ratings (the learner can always override):

- free-text grade (0..100): a capping flag (empty, echo, keyword list, off topic, text aimed at
  the grader) -> Again; otherwise below 40 -> Again, 40-64 -> Hard, 65-84 -> Good, 85+ -> Easy;
  stating a misconception, falling into a listed pitfall or raising a red flag caps it at Hard.
- judge verdict: AC -> Good; PARTIAL with at least half the cases passed -> Hard; IE (the
  judge's own failure, which says nothing about the learner) -> Hard; anything else -> Again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler

from mlcoach.grading.guards import CAPPING_FLAGS  # flags meaning "not a genuine attempt"

__all__ = [
    "RATING_NAMES",
    "Rating",
    "Reviewed",
    "check_state",
    "due_of",
    "interval_text",
    "new_state",
    "parse_rating",
    "preview",
    "retrievability",
    "review",
    "suggest_rating",
]

RATING_NAMES: tuple[str, ...] = tuple(r.name for r in Rating)  # Again, Hard, Good, Easy
# Score bands for free-text grades: the lowest score that earns each rating.
HARD_FROM, GOOD_FROM, EASY_FROM = 40, 65, 85
_WRONG_STATEMENT_FIELDS = ("misconceptions", "pitfalls", "red_flags")

_SCHEDULER = Scheduler(enable_fuzzing=False)


@dataclass(frozen=True)
class Reviewed:
    """The card after one review, and fsrs's log of that review."""

    state: dict[str, Any]
    due: datetime
    log: dict[str, Any]


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("scheduling needs an aware datetime; pass UTC")
    return now.astimezone(UTC)


def new_state(now: datetime, card_id: int | None = None) -> dict[str, Any]:
    """A never-reviewed card, due at `now` (card id defaults to `now` in epoch ms, as fsrs)."""
    now = _utc(now)
    card_id = int(now.timestamp() * 1000) if card_id is None else card_id
    return dict(Card(card_id=card_id, due=now).to_dict())


def _card(state: dict[str, Any]) -> Card:
    return Card.from_dict(state)  # type: ignore[arg-type]


def check_state(state: dict[str, Any]) -> None:
    """ValueError unless `state` is empty (no review yet) or a card fsrs can load (aware times)."""
    if not state:
        return
    try:
        card = _card(state)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not an fsrs card ({type(exc).__name__}: {exc})") from None
    for moment in (card.due, card.last_review):
        if moment is not None and moment.tzinfo is None:
            raise ValueError("not an fsrs card (its times need a zone, e.g. +00:00)")


def due_of(state: dict[str, Any]) -> datetime:
    """When the card is next due, in UTC."""
    return _utc(_card(state).due)


def review(
    state: dict[str, Any], rating: Rating, now: datetime, duration_ms: int | None = None
) -> Reviewed:
    """The card after `rating` at `now`; fsrs's state and log, both JSON-ready."""
    card, log = _SCHEDULER.review_card(_card(state), Rating(rating), _utc(now), duration_ms)
    return Reviewed(dict(card.to_dict()), _utc(card.due), dict(log.to_dict()))


def preview(state: dict[str, Any], now: datetime) -> dict[Rating, datetime]:
    """The due time each rating would give if chosen at `now` (non-decreasing Again..Easy)."""
    return {rating: review(state, rating, now).due for rating in Rating}


def retrievability(state: dict[str, Any], now: datetime) -> float:
    """fsrs's predicted probability of recall at `now` (0 for a card never reviewed)."""
    return float(_SCHEDULER.get_card_retrievability(_card(state), _utc(now)))


def parse_rating(text: str | int) -> Rating:
    """`Again`/`hard`/`g`/`4`... -> Rating; ValueError naming the choices otherwise."""
    value = str(text).strip().lower()
    for rating in Rating:
        if value in (rating.name.lower(), rating.name[0].lower(), str(rating.value)):
            return rating
    raise ValueError(f"unknown rating '{text}'; choose one of {', '.join(RATING_NAMES)} or 1-4")


def suggest_rating(result: dict[str, Any]) -> Rating:
    """The rating a grade result or judge result suggests (thresholds in the module doc)."""
    if "verdict" in result:
        return _from_verdict(str(result["verdict"]), result.get("passed"), result.get("total"))
    if CAPPING_FLAGS & set(result.get("flags", ())):
        return Rating.Again
    rating = _from_score(float(result.get("score", 0)))
    if any(result.get(field) for field in _WRONG_STATEMENT_FIELDS):
        rating = min(rating, Rating.Hard)
    return rating


def _from_score(score: float) -> Rating:
    if score >= EASY_FROM:
        return Rating.Easy
    if score >= GOOD_FROM:
        return Rating.Good
    if score >= HARD_FROM:
        return Rating.Hard
    return Rating.Again


def _from_verdict(verdict: str, passed: Any, total: Any) -> Rating:
    if verdict == "AC":
        return Rating.Good
    if verdict == "IE":
        return Rating.Hard
    if verdict == "PARTIAL" and total and 2 * int(passed or 0) >= int(total):
        return Rating.Hard
    return Rating.Again


def interval_text(delta: timedelta) -> str:
    """A short human interval: "now", "10 min", "5 h", "1 day", "3 days", "4 months"."""
    minutes = delta.total_seconds() / 60
    if minutes < 1:
        return "now"
    if minutes < 60:
        return f"{round(minutes)} min"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)} h"
    days = round(hours / 24)
    if days < 60:
        return "1 day" if days == 1 else f"{days} days"
    if days < 365:
        return f"{round(days / 30)} months"
    years = days / 365
    return f"{years:.1f} years"
