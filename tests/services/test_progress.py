"""Progress and readiness over a temporary database, with an injected clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mlcoach.interview.dimensions import weighted_total
from mlcoach.practice.progress import PRIOR_ITEMS
from mlcoach.services import practice, progress
from mlcoach.services.coach import Coach
from mlcoach.storage import repositories as repo
from mlcoach.storage.tables import InterviewAnswer, InterviewSession
from support import Clock, MakeCoach, copy_fixture_bank, edit

T0 = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)  # 11:00 in Los Angeles
TOPICS = ["ml-fundamentals", "deep-learning", "system-design", "behavioral", "case-study"]


pytestmark = pytest.mark.clock_starts(T0)


@pytest.fixture()
def coach(make_coach: MakeCoach) -> Coach:
    return make_coach(timezone="America/Los_Angeles", new_cards_per_day=3)


def attempt(coach: Coach, item_id: str, score: float, result: dict[str, Any] | None = None) -> None:
    """A stored graded answer with a chosen score (the grader is not the point here)."""
    item = coach.bank.items[item_id]
    with coach.learner() as (session, user):
        repo.add_attempt(
            session,
            user,
            item_id=item_id,
            item_kind=item.kind,
            answer="...",
            now=coach.now(),
            score=score,
            result=result or {"score": score, "flags": []},
        )


def practise(coach: Coach, item_id: str, score: float, rating: str) -> None:
    attempt(coach, item_id, score)
    practice.rate_item(coach, item_id, rating)


def test_topic_mastery_of_a_new_learner_is_zero_for_every_topic(coach: Coach) -> None:
    assert progress.topic_mastery(coach) == dict.fromkeys(TOPICS, 0.0)


def test_practice_raises_its_topic_and_time_wears_it_down(coach: Coach, clock: Clock) -> None:
    practise(coach, "precision-recall", 90, "Easy")
    fresh = progress.topic_mastery(coach)
    assert fresh["ml-fundamentals"] == pytest.approx(1.0 * 0.9 / (1 + PRIOR_ITEMS))
    assert fresh["deep-learning"] == 0.0
    clock.now = T0 + timedelta(days=90)
    assert 0 < progress.topic_mastery(coach)["ml-fundamentals"] < fresh["ml-fundamentals"]


def test_recent_grades_count_even_without_a_rating(coach: Coach) -> None:
    attempt(coach, "dropout-regularization", 60)
    assert progress.topic_mastery(coach)["deep-learning"] == pytest.approx(0.6 / 3)


def test_report_shape_is_json_ready(coach: Coach) -> None:
    report = progress.progress_report(coach)
    json.dumps(report)
    assert set(report) == {
        "generated_at",
        "timezone",
        "topics",
        "weakest_topics",
        "streak",
        "due",
        "readiness",
        "overall_readiness",
        "totals",
    }
    assert [t["topic"] for t in report["topics"]] == TOPICS
    assert set(report["topics"][0]) == {"topic", "title", "mastery", "items", "practised", "due"}
    assert list(report["readiness"]) == ["technical", "communication", "experience", "culture"]
    assert all(r["score"] is None for r in report["readiness"].values())
    assert report["overall_readiness"] is None
    assert report["streak"] == {"current": 0, "longest": 0, "practised_today": False}
    assert report["due"]["new_today"] == 3


def test_weakest_topics_and_due_counts(coach: Coach, clock: Clock) -> None:
    practise(coach, "precision-recall", 90, "Easy")  # due in 8 days
    practise(coach, "dropout-regularization", 20, "Again")  # due in a minute
    clock.now = T0 + timedelta(minutes=5)
    report = progress.progress_report(coach)
    assert report["due"] == {
        "now": 1,
        "today": 1,
        "new_today": 1,
        "next_due": "2026-03-18T18:00:00+00:00",
        "next_due_local": "2026-03-18T11:00:00-07:00",
    }
    assert report["weakest_topics"] == ["behavioral", "case-study", "system-design"]
    by_topic = {t["topic"]: t for t in report["topics"]}
    assert by_topic["deep-learning"]["due"] == 1 and by_topic["ml-fundamentals"]["practised"] == 1
    assert report["totals"] == {"items": 6, "items_practised": 2, "attempts": 2, "reviews": 2}


def test_streak_counts_local_days(coach: Coach, clock: Clock) -> None:
    # 23:00 on 8 March and 01:00 on 9 March in Los Angeles (PDT, UTC-7), both 9 March in
    # UTC, then 10 March: three local days in a row (only two UTC days)
    for moment in (datetime(2026, 3, 9, 6, tzinfo=UTC), datetime(2026, 3, 9, 8, tzinfo=UTC), T0):
        clock.now = moment
        attempt(coach, "precision-recall", 50)
    report = progress.progress_report(coach)
    assert report["streak"] == {"current": 3, "longest": 3, "practised_today": True}


def test_readiness_per_dimension_comes_from_its_own_evidence(coach: Coach) -> None:
    practise(coach, "precision-recall", 80, "Good")
    star = {
        "score": 70,
        "flags": [],
        "parts": {p: {"present": p != "result"} for p in ("situation", "task", "action", "result")},
    }
    attempt(coach, "teammate-disagreement", 70, star)  # a culture-fit behavioral prompt
    readiness = progress.progress_report(coach)["readiness"]
    assert readiness["technical"]["evidence"] == 1 and readiness["technical"]["score"] > 0
    assert readiness["culture"]["score"] == pytest.approx(round(100 * 0.7 / 3, 1))
    assert readiness["experience"]["score"] is None
    # communication: a clean concept answer (1.0) and a STAR answer missing its result (0.75)
    assert readiness["communication"]["evidence"] == 2
    assert readiness["communication"]["score"] == pytest.approx(round(100 * 1.75 / 4, 1))


def test_overall_readiness_is_the_weighted_mean_of_the_dimensions(coach: Coach) -> None:
    practise(coach, "precision-recall", 80, "Good")
    report = progress.progress_report(coach)
    scores = {name: r["score"] for name, r in report["readiness"].items()}
    expected = weighted_total(scores)
    assert expected is not None
    assert report["overall_readiness"] == pytest.approx(round(expected, 1))


def test_a_topic_without_items_is_never_among_the_weakest(
    tmp_path: Path, make_coach: MakeCoach
) -> None:
    content = copy_fixture_bank(tmp_path)
    edit(
        content / "bank.toml",
        "[companies]",
        '[topics.ai-ethics]\ntitle = "AI ethics"\n\n[companies]',
    )
    report = progress.progress_report(make_coach(content, timezone="UTC"))
    by_topic = {t["topic"]: t for t in report["topics"]}
    # first by name among the untouched topics, yet nothing in it can be practised
    assert by_topic["ai-ethics"] == {**by_topic["ai-ethics"], "items": 0, "mastery": 0.0}
    assert report["weakest_topics"] == ["behavioral", "case-study", "deep-learning"]


def test_a_mock_interview_answer_keeps_the_streak_alive(coach: Coach, clock: Clock) -> None:
    attempt(coach, "precision-recall", 50)  # 10 March, Los Angeles
    clock.now = T0 + timedelta(days=1)
    with coach.learner() as (session, user):
        interview = InterviewSession(
            id="6f1c2f7e-0000-4000-8000-000000000001",
            user_id=user.id,
            blueprint_id="phone-screen",
            status="running",
            started_at=clock.now,
            updated_at=clock.now,
        )
        session.add(interview)
        session.flush()
        session.add(
            InterviewAnswer(
                session_id=interview.id,
                section_id="warm-up",
                item_id="precision-recall",
                answer="...",
                submitted_at=clock.now,
            )
        )
    report = progress.progress_report(coach)
    assert report["streak"] == {"current": 2, "longest": 2, "practised_today": True}


def test_the_data_version_moves_with_the_learners_data_not_with_the_clock(
    coach: Coach, clock: Clock
) -> None:
    versions = [progress.data_version(coach)]
    clock.now = T0 + timedelta(days=3)
    assert progress.data_version(coach) == versions[-1]
    attempt(coach, "precision-recall", 60)
    versions.append(progress.data_version(coach))
    practice.rate_item(coach, "precision-recall", "Good")
    versions.append(progress.data_version(coach))
    with coach.learner() as (_, user):
        user.interview_date = "2026-05-01"
    versions.append(progress.data_version(coach))
    assert len(set(versions)) == len(versions)


def test_one_snapshot_serves_the_report_and_the_mastery(coach: Coach) -> None:
    practise(coach, "precision-recall", 80, "Good")
    snap = progress.read_snapshot(coach)
    assert progress.progress_report(coach, snap) == progress.progress_report(coach)
    assert progress.topic_mastery(coach, snap) == progress.topic_mastery(coach)
