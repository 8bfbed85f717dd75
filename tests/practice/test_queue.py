"""The day's queue and the in-session loop, with an injected clock and random generator."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from mlcoach.content import AnyItem, Challenge, ConceptQuestion, KeyPoint
from mlcoach.content.models import Filters, item_topics
from mlcoach.practice.queue import (
    AGAIN_GAP,
    MAX_RETURNS,
    PracticeSession,
    QueueEntry,
    build_queue,
    interleave,
    local_day_bounds,
    new_allowed_today,
    round_robin,
)
from mlcoach.practice.scheduler import Rating

NOW = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
NO_FILTERS = Filters()
LA = ZoneInfo("America/Los_Angeles")


def concept(
    item_id: str, topic: str = "ml", difficulty: int = 2, companies: tuple[str, ...] = ()
) -> ConceptQuestion:
    return ConceptQuestion(
        id=item_id,
        topic=topic,
        subtopic="general",
        difficulty=difficulty,
        companies=companies,
        prompt=f"Explain {item_id}.",
        key_points=(KeyPoint(text="a point"),),
        model_answer="An answer.",
        follow_ups=("And then?",),
    )


def challenge(item_id: str, topics: tuple[str, ...]) -> Challenge:
    return Challenge(
        id=item_id,
        difficulty=3,
        title=item_id,
        topics=topics,
        entry_points=("solve",),
        prompt="Solve it.",
        starter="def solve(): ...",
        solution="def solve(): return 1",
        tests="# tests",
        hints=("Think.",),
    )


def queue(
    items: list[AnyItem],
    due_at: dict[str, datetime] | None = None,
    *,
    filters: Filters = NO_FILTERS,
    limit: int = 20,
    new_allowed: int = 20,
    seed: int = 0,
) -> list[QueueEntry]:
    return build_queue(
        items,
        due_at or {},
        now=NOW,
        filters=filters,
        limit=limit,
        new_allowed=new_allowed,
        rng=random.Random(seed),
    )


def ids(entries: list[QueueEntry]) -> list[str]:
    return [e.item_id for e in entries]


BANK: list[AnyItem] = [
    concept("a1", "ml", 1, ("google",)),
    concept("a2", "ml", 3, ("meta",)),
    concept("b1", "dl", 2, ("google", "meta")),
    concept("b2", "dl", 4),
    concept("c1", "stats", 2),
    challenge("ch", ("dl", "algorithms")),
]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(kind="challenge"), {"ch"}),
        (Filters(topic="dl"), {"b1", "b2", "ch"}),
        (Filters(topic="algorithms"), {"ch"}),  # a challenge's second topic counts
        (Filters(company="meta"), {"a2", "b1"}),
        (Filters(difficulty=2), {"b1", "c1"}),
        (Filters(kind="concept", topic="dl", company="google"), {"b1"}),
    ],
)
def test_filters(filters: Filters, expected: set[str]) -> None:
    assert set(ids(queue(BANK, filters=filters))) == expected


def test_due_reviews_come_before_new_items_and_future_cards_wait() -> None:
    due_at = {
        "a1": NOW - timedelta(days=2),
        "b1": NOW - timedelta(hours=1),
        "c1": NOW + timedelta(minutes=5),
    }
    entries = queue(BANK, due_at, limit=2)
    assert set(ids(entries)) == {"a1", "b1"}  # both due, the limit leaves no room for new
    assert all(not e.is_new for e in entries)
    assert "c1" not in ids(queue(BANK, due_at))


def test_most_overdue_reviews_win_when_the_limit_is_tight() -> None:
    due_at = {i.id: NOW - timedelta(hours=n) for n, i in enumerate(BANK)}
    assert ids(queue(BANK, due_at, limit=1)) == ["ch"]  # due the longest ago


def test_new_items_respect_the_allowance_and_come_easier_first() -> None:
    entries = queue(BANK, new_allowed=2)
    assert len(entries) == 2 and all(e.is_new for e in entries)
    # round-robin over topics of the easiest-first list: ml's easiest (a1) and one other
    assert "a1" in ids(entries)
    assert queue(BANK, new_allowed=0) == []


def test_new_items_span_topics_before_repeating_one() -> None:
    many = [concept(f"ml{i}", "ml", 1) for i in range(6)] + [concept("dl0", "dl", 2)]
    entries = queue(many, new_allowed=2)
    assert {e.topic for e in entries} == {"ml", "dl"}


def test_same_seed_same_queue_and_another_seed_can_differ() -> None:
    many: list[AnyItem] = [concept(f"q{i}", f"t{i % 3}", 2) for i in range(12)]
    assert ids(queue(many, seed=1)) == ids(queue(many, seed=1))
    assert len({tuple(ids(queue(many, seed=s))) for s in range(5)}) > 1


def test_topics_are_interleaved() -> None:
    many: list[AnyItem] = [concept(f"m{i}", "ml") for i in range(4)]
    many += [concept(f"d{i}", "dl") for i in range(3)] + [concept("s0", "stats")]
    topics = [e.topic for e in queue(many)]
    assert all(a != b for a, b in pairwise(topics))


def test_interleave_keeps_order_inside_a_group_and_does_its_best_when_it_cannot() -> None:
    assert interleave(["a1", "a2", "a3", "b1"], lambda s: s[0]) == ["a1", "b1", "a2", "a3"]
    assert interleave(["a1", "a2", "b1", "b2"], lambda s: s[0]) == ["a1", "b1", "a2", "b2"]
    assert round_robin(["a1", "a2", "b1", "c1"], lambda s: s[0]) == ["a1", "b1", "c1", "a2"]


def test_item_topics() -> None:
    assert item_topics(BANK[0]) == ("ml",)
    assert item_topics(BANK[-1]) == ("dl", "algorithms")


def test_local_day_bounds_follow_the_learners_zone() -> None:
    # 18:00 UTC on 10 March is 11:00 in Los Angeles (PDT since 8 March): the day starts at
    # 07:00 UTC and ends at 07:00 UTC the next day
    start, end = local_day_bounds(NOW, LA)
    assert start == datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 11, 7, 0, tzinfo=UTC)
    # 03:00 UTC on 10 March is still 9 March in Los Angeles
    start, _ = local_day_bounds(datetime(2026, 3, 10, 3, 0, tzinfo=UTC), LA)
    assert start == datetime(2026, 3, 9, 7, 0, tzinfo=UTC)


def test_local_day_bounds_across_a_daylight_saving_change() -> None:
    start, end = local_day_bounds(datetime(2026, 3, 8, 20, 0, tzinfo=UTC), LA)
    assert end - start == timedelta(hours=23)  # the spring-forward day is short


def test_new_allowance_counts_cards_introduced_in_the_local_day_only() -> None:
    # 8 March 2026 is the spring-forward day in Los Angeles: 07:00 UTC to 08:00 UTC next day
    late_on_the_7th = datetime(2026, 3, 8, 7, 59, tzinfo=UTC)  # 23:59 PST on 7 March
    first_minute = datetime(2026, 3, 8, 8, 0, tzinfo=UTC)  # 00:00 PST on 8 March
    last_minute = datetime(2026, 3, 9, 6, 59, tzinfo=UTC)  # 23:59 PDT on 8 March
    next_day = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)  # 00:00 PDT on 9 March
    introduced = [late_on_the_7th, first_minute, last_minute, next_day]
    evening = datetime(2026, 3, 9, 5, 0, tzinfo=UTC)  # 22:00 PDT on 8 March
    assert new_allowed_today(5, introduced, evening, LA) == 3
    assert new_allowed_today(1, introduced, evening, LA) == 0  # never negative
    # counted by UTC day (9 March) it would be the last two instead
    assert new_allowed_today(5, introduced[:3], evening, UTC) == 4


def entries(n: int) -> list[QueueEntry]:
    return [QueueEntry(f"i{k}", "concept", "ml", True) for k in range(n)]


def test_an_again_item_comes_back_a_few_items_later() -> None:
    session = PracticeSession(entries(6))
    first = session.next()
    assert first is not None
    assert session.record(first, Rating.Again) is True
    seen = []
    while (entry := session.next()) is not None:
        seen.append(entry.item_id)
        session.record(entry, Rating.Good)
    assert seen.index("i0") == AGAIN_GAP
    assert session.done == 7


def test_an_again_item_comes_back_at_once_when_it_is_the_last() -> None:
    session = PracticeSession(entries(1))
    entry = session.next()
    assert entry is not None
    session.record(entry, Rating.Again)
    back = session.next()
    assert back is not None and back.item_id == entry.item_id
    assert entry.is_new and not back.is_new  # rated once: it comes back as a review


def test_good_does_not_bring_an_item_back_and_again_stops_after_max_returns() -> None:
    session = PracticeSession(entries(1))
    entry = session.next()
    assert entry is not None
    assert session.record(entry, Rating.Good) is False
    assert session.next() is None
    session = PracticeSession(entries(1))
    shown = 0
    while (entry := session.next()) is not None:
        shown += 1
        session.record(entry, Rating.Again)
    assert shown == 1 + MAX_RETURNS


def test_a_session_survives_a_round_trip_through_json_data() -> None:
    session = PracticeSession([*entries(2), QueueEntry("r", "concept", "ml", False, NOW)])
    entry = session.next()
    assert entry is not None
    session.record(entry, Rating.Again)
    again = PracticeSession.from_dict(session.to_dict())
    assert again == session
