"""Mastery, weakest topics, streaks and the communication signal, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mlcoach.practice.progress import (
    PRIOR_ITEMS,
    ItemRecord,
    communication_signal,
    group_mastery,
    item_mastery,
    streak,
    topic_mastery,
    weakest,
)
from mlcoach.practice.scheduler import Rating, new_state, retrievability, review

NOW = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")


def test_item_mastery_discounts_recent_grades_by_recall() -> None:
    assert item_mastery(ItemRecord("x")) is None
    assert item_mastery(ItemRecord("x", retrievability=0.8)) == pytest.approx(0.8)
    assert item_mastery(ItemRecord("x", recent_scores=(60, 80))) == pytest.approx(0.7)
    both = ItemRecord("x", retrievability=0.9, recent_scores=(50,))
    assert item_mastery(both) == pytest.approx(0.45)


def test_a_failed_answer_just_reviewed_is_not_half_mastered() -> None:
    state = review(new_state(NOW), Rating.Again, NOW).state
    failed = ItemRecord("x", retrievability(state, NOW), (5,))
    assert failed.retrievability == pytest.approx(1.0)  # fsrs: you just saw the answer
    mastery = item_mastery(failed)
    assert mastery is not None and mastery < 0.1


def test_only_the_most_recent_grades_count() -> None:
    record = ItemRecord("x", recent_scores=(0, 0, 90, 90, 90))
    assert item_mastery(record) == pytest.approx(0.9)


def test_group_mastery_is_shrunk_towards_zero_on_little_evidence() -> None:
    perfect = ItemRecord("x", retrievability=1.0, recent_scores=(100,))
    assert group_mastery([]) == 0.0
    assert group_mastery([perfect]) == pytest.approx(1 / (1 + PRIOR_ITEMS))
    assert group_mastery([perfect] * 5) == pytest.approx(5 / (5 + PRIOR_ITEMS))
    assert group_mastery([perfect, ItemRecord("never")]) == group_mastery([perfect])


def test_mastery_follows_fsrs_retrievability_as_days_pass() -> None:
    state = review(new_state(NOW), Rating.Easy, NOW).state
    fresh = ItemRecord("x", retrievability(state, NOW + timedelta(days=1)), (90,))
    stale = ItemRecord("x", retrievability(state, NOW + timedelta(days=90)), (90,))
    assert group_mastery([fresh]) > group_mastery([stale])


def test_topic_mastery_names_every_topic_and_counts_challenges_in_each_of_theirs() -> None:
    topics_of = {"a": ("ml",), "b": ("dl",), "ch": ("dl", "algorithms"), "z": ("stats",)}
    records = {
        "a": ItemRecord("a", recent_scores=(30,)),
        "ch": ItemRecord("ch", recent_scores=(90,)),
    }
    mastery = topic_mastery(topics_of, records)
    assert set(mastery) == {"ml", "dl", "algorithms", "stats"}
    assert mastery["stats"] == 0.0
    assert mastery["dl"] == mastery["algorithms"] == pytest.approx(0.9 / 3)
    assert mastery["ml"] == pytest.approx(0.3 / 3)


def test_weakest_topics_lowest_mastery_first_then_least_practised() -> None:
    mastery = {"ml": 0.5, "dl": 0.1, "stats": 0.0, "rai": 0.0}
    practised = {"stats": 2, "rai": 0}
    assert weakest(mastery, practised, 3) == ["rai", "stats", "dl"]


def at_tokyo(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=TOKYO).astimezone(UTC)


def test_streak_counts_consecutive_local_days_ending_today() -> None:
    now = at_tokyo(10, 9)
    activity = [at_tokyo(10, 8), at_tokyo(9, 23), at_tokyo(8, 1), at_tokyo(6, 12)]
    result = streak(activity, now, TOKYO)
    assert (result.current, result.longest, result.practised_today) == (3, 3, True)


def test_a_streak_stays_alive_until_the_day_is_over() -> None:
    result = streak([at_tokyo(9, 20), at_tokyo(8, 20)], at_tokyo(10, 22), TOKYO)
    assert (result.current, result.practised_today) == (2, False)
    result = streak([at_tokyo(8, 20)], at_tokyo(10, 22), TOKYO)
    assert result.current == 0 and result.longest == 1


def test_streak_days_are_local_not_utc() -> None:
    # 23:30 and 00:30 Tokyo time are two local days, though both fall on 9 March in UTC
    late, early = at_tokyo(9, 23), at_tokyo(10, 0)
    assert late.date() == early.date()
    assert streak([late, early], early, TOKYO).current == 2
    assert streak([late, early], early, UTC).current == 1


def test_no_activity_no_streak() -> None:
    assert streak([], NOW, TOKYO).current == 0


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ({"score": 10, "flags": []}, 1.0),
        ({"score": 80, "flags": ["padding"]}, 0.5),
        ({"score": 80, "flags": ["keyword_list"]}, 0.0),
        (
            {
                "parts": {
                    p: {"present": p != "result"} for p in ("situation", "task", "action", "result")
                }
            },
            0.75,
        ),
        ({"steps": {s: {"score": 50 if s != "c" else 0} for s in "abcde"}, "mistakes": []}, 0.8),
        (
            {
                "steps": {s: {"score": 50} for s in "abcde"},
                "mistakes": ["model_before_requirements"],
            },
            0.5,
        ),
    ],
)
def test_communication_signal(result: dict[str, object], expected: float) -> None:
    assert communication_signal(result) == pytest.approx(expected)
