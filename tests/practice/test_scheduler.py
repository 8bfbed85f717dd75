"""The fsrs wrapper: state round-trips, previews, suggested ratings, interval text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from fsrs import Card
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcoach.practice.scheduler import (
    Rating,
    due_of,
    interval_text,
    new_state,
    parse_rating,
    preview,
    retrievability,
    review,
    suggest_rating,
)

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_new_state_round_trips_through_fsrs_to_dict() -> None:
    state = new_state(T0, card_id=7)
    assert Card.from_dict(state).to_dict() == state  # type: ignore[arg-type]
    assert due_of(state) == T0
    assert retrievability(state, T0) == 0


def test_new_state_never_reads_the_clock() -> None:
    assert new_state(T0) == new_state(T0)
    assert new_state(T0)["card_id"] == int(T0.timestamp() * 1000)


def test_review_returns_state_due_and_log_that_round_trip() -> None:
    reviewed = review(new_state(T0), Rating.Good, T0, duration_ms=1500)
    assert Card.from_dict(reviewed.state).to_dict() == reviewed.state  # type: ignore[arg-type]
    assert reviewed.due == T0 + timedelta(minutes=10)  # second learning step
    assert reviewed.log["rating"] == Rating.Good
    assert reviewed.log["review_duration"] == 1500


def test_review_accepts_other_offsets_and_stores_utc() -> None:
    paris_morning = T0.astimezone(timezone(timedelta(hours=1)))
    reviewed = review(new_state(T0), Rating.Easy, paris_morning)
    assert reviewed.due.tzinfo == UTC
    assert reviewed.due == T0 + timedelta(days=8)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        review(new_state(T0), Rating.Good, datetime(2026, 3, 1))


def test_preview_of_a_new_card_is_ordered_again_hard_good_easy() -> None:
    dues = preview(new_state(T0), T0)
    assert list(dues) == [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]
    assert dues[Rating.Again] < dues[Rating.Hard] < dues[Rating.Good] < dues[Rating.Easy]


def test_preview_of_a_review_card_is_ordered_and_matches_review() -> None:
    state = review(new_state(T0), Rating.Easy, T0).state
    later = T0 + timedelta(days=8)
    dues = preview(state, later)
    assert dues[Rating.Again] < dues[Rating.Hard] < dues[Rating.Good] < dues[Rating.Easy]
    for rating, due in dues.items():
        assert review(state, rating, later).due == due  # no fuzz: the preview is the outcome


@settings(max_examples=40, deadline=None)
@given(
    ratings=st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=8),
    gaps=st.lists(st.integers(min_value=0, max_value=60 * 24 * 40), min_size=8, max_size=8),
)
def test_preview_never_goes_backwards_whatever_the_history(
    ratings: list[Rating], gaps: list[int]
) -> None:
    state, now = new_state(T0), T0
    for rating, gap in zip(ratings, gaps, strict=False):
        now += timedelta(minutes=gap)
        state = review(state, rating, now).state
    dues = list(preview(state, now).values())
    assert dues == sorted(dues)
    assert all(due > now for due in dues)


def test_retrievability_falls_as_time_passes() -> None:
    state = review(new_state(T0), Rating.Easy, T0).state
    soon, late = (retrievability(state, T0 + timedelta(days=d)) for d in (1, 60))
    assert 1 >= soon > late > 0


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, Rating.Again),
        (39, Rating.Again),
        (40, Rating.Hard),
        (64, Rating.Hard),
        (65, Rating.Good),
        (84, Rating.Good),
        (85, Rating.Easy),
        (100, Rating.Easy),
    ],
)
def test_suggested_rating_from_a_grade_score(score: int, expected: Rating) -> None:
    assert suggest_rating({"score": score, "flags": [], "misconceptions": []}) == expected


def test_a_capping_flag_suggests_again_whatever_the_score() -> None:
    assert suggest_rating({"score": 90, "flags": ["keyword_list"]}) == Rating.Again
    assert suggest_rating({"score": 90, "flags": ["padding"]}) == Rating.Easy


@pytest.mark.parametrize("field", ["misconceptions", "pitfalls", "red_flags"])
def test_a_wrong_statement_caps_the_suggestion_at_hard(field: str) -> None:
    assert suggest_rating({"score": 95, field: ["something wrong"]}) == Rating.Hard
    assert suggest_rating({"score": 10, field: ["something wrong"]}) == Rating.Again


@pytest.mark.parametrize(
    ("verdict", "passed", "expected"),
    [
        ("AC", 8, Rating.Good),
        ("PARTIAL", 4, Rating.Hard),
        ("PARTIAL", 3, Rating.Again),
        ("WA", 0, Rating.Again),
        ("TLE", 0, Rating.Again),
        ("CE", 0, Rating.Again),
        ("IE", 0, Rating.Hard),
    ],
)
def test_suggested_rating_from_a_judge_verdict(verdict: str, passed: int, expected: Rating) -> None:
    assert suggest_rating({"verdict": verdict, "passed": passed, "total": 8}) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("again", Rating.Again),
        ("H", Rating.Hard),
        ("3", Rating.Good),
        (4, Rating.Easy),
        (" Good ", Rating.Good),
    ],
)
def test_parse_rating(text: str | int, expected: Rating) -> None:
    assert parse_rating(text) == expected


def test_parse_rating_names_the_choices() -> None:
    with pytest.raises(ValueError, match="Again, Hard, Good, Easy"):
        parse_rating("maybe")


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=20), "now"),
        (timedelta(minutes=10), "10 min"),
        (timedelta(hours=5), "5 h"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=3), "3 days"),
        (timedelta(days=120), "4 months"),
        (timedelta(days=730), "2.0 years"),
    ],
)
def test_interval_text(delta: timedelta, text: str) -> None:
    assert interval_text(delta) == text
