"""Use-cases for spaced-repetition practice: the day's queue, answering, rating.

Every function returns JSON-ready dicts (times as ISO 8601 UTC, plus local copies for display)
so the CLI and the web app show the same thing. Each rating is its own transaction: progress is
saved after every answer. Rules for the queue and ratings: docs/practice.md.
"""

from __future__ import annotations

import functools
import os
import random
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError

from mlcoach.content import AnyItem, BehavioralPrompt, Challenge
from mlcoach.content.models import ITEM_KINDS, Filters, item_topics
from mlcoach.judge.executor import Executor
from mlcoach.practice import scheduler
from mlcoach.practice.queue import (
    PracticeSession,
    QueueEntry,
    build_queue,
    new_allowed_today,
)
from mlcoach.services import challenges
from mlcoach.services.coach import Coach
from mlcoach.services.decks import deck_id_of
from mlcoach.services.grading import grade_item
from mlcoach.services.items import UnknownItem, all_items, find_item
from mlcoach.storage import practice_repo
from mlcoach.storage import repositories as repo
from mlcoach.storage.tables import Card


class PracticeError(ValueError):
    """Bad input to practice, naming the option or value and the valid choices."""


def local_zone(coach: Coach) -> tzinfo:
    """The learner's zone: `MLCOACH_TIMEZONE`, else the machine's (see `machine_zone`).

    Practice, progress and the plan all take "today" from here, so their days agree.
    """
    name = coach.settings.timezone
    if not name:
        return machine_zone()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PracticeError(
            f"MLCOACH_TIMEZONE={name!r} is not an IANA time zone; use e.g. Europe/Paris"
        ) from None


def machine_zone() -> tzinfo:
    """$TZ, else /etc/localtime (by its IANA name when it links into a zoneinfo folder, so
    calendars get a TZID they know), else UTC."""
    names = [os.environ.get("TZ", "").lstrip(":")]
    _, linked, name = os.path.realpath("/etc/localtime").partition("/zoneinfo/")
    names.append(name if linked else "")
    for candidate in filter(None, names):
        with suppress(ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(candidate)
    try:
        with open("/etc/localtime", "rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        return datetime.now().astimezone().tzinfo or UTC


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC, the form every service returns times in."""
    return moment.astimezone(UTC).isoformat()


def next_due(dues: Iterable[datetime], now: datetime, zone: tzinfo) -> dict[str, str | None]:
    """The first due time after `now`, in UTC and local ISO form (both None when none)."""
    first = min((due for due in dues if due > now), default=None)
    if first is None:
        return {"next_due": None, "next_due_local": None}
    return {"next_due": iso(first), "next_due_local": first.astimezone(zone).isoformat()}


def _choices(values: Sequence[str]) -> str:
    return ", ".join(sorted(set(values))) or "(none)"


def check_filters(
    coach: Coach,
    items: Sequence[AnyItem],
    *,
    kind: str | None = None,
    topic: str | None = None,
    company: str | None = None,
    difficulty: int | None = None,
) -> Filters:
    """The filters, or PracticeError naming the bad option and listing the valid values."""
    if kind is not None and kind not in ITEM_KINDS:
        raise PracticeError(f"--kind {kind}: unknown kind; choose one of {_choices(ITEM_KINDS)}")
    topics = [*coach.bank.manifest.topics, *(t for i in items for t in item_topics(i))]
    if topic is not None and topic not in topics:
        raise PracticeError(f"--topic {topic}: unknown topic; choose one of {_choices(topics)}")
    companies = [*coach.bank.manifest.companies, *(c for i in items for c in i.companies)]
    if company is not None and company not in companies:
        raise PracticeError(
            f"--company {company}: unknown company; choose one of {_choices(companies)}"
        )
    if difficulty is not None and not 1 <= difficulty <= 5:
        raise PracticeError(f"--difficulty {difficulty}: choose a difficulty from 1 to 5")
    return Filters(kind, topic, company, difficulty)


def _item(coach: Coach, item_id: str) -> AnyItem:
    try:
        return find_item(coach, item_id)
    except UnknownItem as exc:
        raise PracticeError(str(exc)) from None


def _summary(item: AnyItem) -> dict[str, Any]:
    return {
        "title": item.title_text,
        "difficulty": item.difficulty,
        "companies": list(item.companies),
        "topics": list(item_topics(item)),
    }


def practice_queue(
    coach: Coach,
    *,
    kind: str | None = None,
    topic: str | None = None,
    company: str | None = None,
    difficulty: int | None = None,
    limit: int = 20,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Today's queue: due reviews, then new items within the local-day limit, topics mixed."""
    if limit < 1:
        raise PracticeError(f"--limit {limit}: give at least 1")
    items = all_items(coach)
    filters = check_filters(
        coach, items, kind=kind, topic=topic, company=company, difficulty=difficulty
    )
    now, zone = coach.now(), local_zone(coach)
    with coach.learner() as (session, user):
        cards = [(c.item_id, c.due, c.created_at) for c in practice_repo.cards_of(session, user)]
    due_at = {item_id: due for item_id, due, _ in cards}
    new_left = new_allowed_today(
        coach.settings.new_cards_per_day, (created for _, _, created in cards), now, zone
    )
    entries = build_queue(
        items,
        due_at,
        now=now,
        filters=filters,
        limit=limit,
        new_allowed=new_left,
        rng=rng or random.Random(),
    )
    by_id = {item.id: item for item in items}
    return {
        "generated_at": iso(now),
        "timezone": str(zone),
        "filters": {"kind": kind, "topic": topic, "company": company, "difficulty": difficulty},
        "items": [{**e.to_dict(), **_summary(by_id[e.item_id])} for e in entries],
        "new_count": sum(1 for e in entries if e.is_new),
        "new_left_today": new_left,
        **_matching_counts(
            [item for item in items if filters.matches(item)], due_at, now=now, zone=zone
        ),
    }


def _matching_counts(
    matching: Sequence[AnyItem], due_at: dict[str, datetime], *, now: datetime, zone: tzinfo
) -> dict[str, Any]:
    """Counts over every item the filters match, whatever the limits let into today's queue."""
    dues = [due_at[item.id] for item in matching if item.id in due_at]
    return {
        "matching": len(matching),
        "due_count": sum(due <= now for due in dues),
        "unseen": len(matching) - len(dues),
        **next_due(dues, now, zone),
    }


def start_session(queue: dict[str, Any]) -> PracticeSession:
    """The in-session loop over a queue from `practice_queue` (Again brings items back)."""
    return PracticeSession([QueueEntry.from_dict(entry) for entry in queue["items"]])


def item_view(coach: Coach, item_id: str) -> dict[str, Any]:
    """What the learner sees before answering: the prompt (Markdown) and a few facts."""
    item = _item(coach, item_id)
    heading = "" if item.kind == "concept" else f"# {item.title_text}\n\n"
    return {"id": item.id, "kind": item.kind, "prompt": heading + item.prompt, **_summary(item)}


def _card_state(coach: Coach, item_id: str, now: datetime) -> dict[str, Any]:
    with coach.learner() as (session, user):
        state = _existing_state(practice_repo.card_for(session, user, item_id))
    return state or scheduler.new_state(now)


def preview(coach: Coach, item_id: str) -> dict[str, dict[str, str]]:
    """{Again|Hard|Good|Easy: {due (ISO UTC), interval ("10 min", "3 days")}} if rated now."""
    now = coach.now()
    dues = scheduler.preview(_card_state(coach, item_id, now), now)
    return {
        rating.name: {"due": iso(due), "interval": scheduler.interval_text(due - now)}
        for rating, due in dues.items()
    }


def answer_item(
    coach: Coach, item_id: str, answer: str, *, executor: Executor | None = None
) -> dict[str, Any]:
    """Grade the answer (stored as an attempt) or, for a challenge, judge the source; with the
    rating it suggests and what each rating would schedule."""
    item = _item(coach, item_id)
    if isinstance(item, Challenge):
        result = challenges.judge_answer(coach, item.id, answer, executor)
    else:
        result = grade_item(coach, item.id, answer)
    return {
        "item_id": item.id,
        "kind": item.kind,
        "score": _score(result),
        "result": result,
        "suggested_rating": scheduler.suggest_rating(result).name,
        "preview": preview(coach, item.id),
    }


def unrated_answer(coach: Coach, item_id: str) -> dict[str, Any] | None:
    """Today's last answer to the item if it has not been rated since, shaped like
    `answer_item`'s return plus the `answer` text; None otherwise.

    A page reloaded between grading and rating reopens on it instead of asking again (and
    storing a second attempt). Only today's: yesterday's unrated answer is not a recall now."""
    item = _item(coach, item_id)
    now, zone = coach.now(), local_zone(coach)
    with coach.learner() as (session, user):
        attempts = repo.attempts_for(session, user, item.id)
        card = practice_repo.card_for(session, user, item.id)
        rated_at = card.updated_at if card is not None else None
        last = attempts[-1] if attempts else None
        if last is None or (rated_at is not None and last.created_at <= rated_at):
            return None
        if last.created_at.astimezone(zone).date() != now.astimezone(zone).date():
            return None
        answer, result = last.answer, dict(last.result)
    return {
        "item_id": item.id,
        "kind": item.kind,
        "answer": answer,
        "score": _score(result),
        "result": result,
        "suggested_rating": scheduler.suggest_rating(result).name,
        "preview": preview(coach, item.id),
    }


def _score(result: dict[str, Any]) -> float:
    """0..100: the grade, or the share of judge cases passed."""
    if "verdict" in result:
        return round(100.0 * int(result["passed"]) / max(int(result["total"]), 1), 1)
    return float(result["score"])


def key_points_of(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every rubric point of a grade, whatever its kind (design results group them by step)."""
    if "steps" in result:
        return [
            {**point, "step": step}
            for step, body in result["steps"].items()
            for point in body.get("key_points", [])
        ]
    return list(result.get("key_points", []))


def answer_follow_up(
    coach: Coach, item_id: str, first_answer: str, first_result: dict[str, Any], answer: str
) -> dict[str, Any]:
    """Grade the first answer and the follow-up answer together against the same item, and
    report the key points the follow-up added. Not stored: the recall test was the first
    answer, and the rating stays the learner's call."""
    combined = grade_item(coach, item_id, f"{first_answer}\n\n{answer}", store=False)
    before = {p["text"] for p in key_points_of(first_result) if p["covered"]}
    added = [p for p in key_points_of(combined) if p["covered"] and p["text"] not in before]
    return {
        "item_id": item_id,
        "result": combined,
        "added": added,
        "score_before": first_result.get("score"),
        "score_after": combined["score"],
    }


def model_answer(coach: Coach, item_id: str) -> str:
    """The reference answer as Markdown (a challenge's solution only after an attempt)."""
    item = _item(coach, item_id)
    if isinstance(item, Challenge):
        return f"```python\n{challenges.solution_for(coach, item.id).rstrip()}\n```"
    if isinstance(item, BehavioralPrompt):
        return item.example_answer
    return item.model_answer


def rate_item(
    coach: Coach,
    item_id: str,
    rating: str | int,
    *,
    suggested: str | int | None = None,
    duration_ms: int | None = None,
) -> dict[str, Any]:
    """Review the item's card with `rating` and save card and review log in one transaction."""
    item = _item(coach, item_id)
    try:
        chosen = scheduler.parse_rating(rating)
        hint = scheduler.parse_rating(suggested) if suggested is not None else None
    except ValueError as exc:
        raise PracticeError(str(exc)) from None
    now, zone = coach.now(), local_zone(coach)  # a bad zone fails before anything is saved
    deck_id = None if item.id in coach.bank.items else deck_id_of(coach, item.id)
    review = functools.partial(
        _save_rating, coach, item, chosen, hint, now=now, duration_ms=duration_ms, deck_id=deck_id
    )
    try:
        reviewed = review()
    except IntegrityError:
        # Another request created this item's first card meanwhile (the (user, item) row is
        # unique); our transaction was rolled back whole, so review the card it created, once.
        reviewed = review()
    return {
        "item_id": item.id,
        "rating": chosen.name,
        "suggested_rating": hint.name if hint is not None else None,
        "due": iso(reviewed.due),
        "due_local": reviewed.due.astimezone(zone).isoformat(),
        "interval": scheduler.interval_text(reviewed.due - now),
    }


def _save_rating(
    coach: Coach,
    item: AnyItem,
    chosen: scheduler.Rating,
    hint: scheduler.Rating | None,
    *,
    now: datetime,
    duration_ms: int | None,
    deck_id: int | None,
) -> scheduler.Reviewed:
    """Review the card (a new one before the first rating) and save it with its log."""
    with coach.learner() as (session, user):
        card = practice_repo.card_for(session, user, item.id)
        state = _existing_state(card) or scheduler.new_state(now)
        reviewed = scheduler.review(state, chosen, now, duration_ms)
        practice_repo.save_review(
            session,
            user,
            item_id=item.id,
            item_kind=item.kind,
            state=reviewed.state,
            due=reviewed.due,
            now=now,
            rating=int(chosen),
            suggested=int(hint) if hint is not None else None,
            duration_ms=duration_ms,
            log=reviewed.log,
            deck_id=deck_id,
        )
    return reviewed


def _existing_state(card: Card | None) -> dict[str, Any] | None:
    return dict(card.state) if card is not None and card.state else None
