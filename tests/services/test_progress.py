"""Progress and readiness over a temporary database, with an injected clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mlcoach.content.models import BehavioralPrompt
from mlcoach.interview.dimensions import weighted_total
from mlcoach.interview.grades import UNGRADED
from mlcoach.interview.state import SessionState, Turn
from mlcoach.practice.progress import PRIOR_ITEMS
from mlcoach.services import interview, practice, progress
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
    assert report["totals"] == {
        "items": 6,
        "items_practised": 2,
        "attempts": 2,
        "reviews": 2,
        "interview_answers": 0,
    }


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


def sit_mini_screen(coach: Coach, clock: Clock) -> SessionState:
    """Sits the fixture bank's mini-screen (two concepts, a story, a five-step design) to the
    end: each first answer is only the model answer's first sentence, so follow-ups come, and
    each follow-up gets the whole model answer. Returns the graded session state."""
    sid = interview.start(coach, "mini-screen", seed=3)["session_id"]
    while (view := interview.current(coach, sid))["status"] == "running":
        item = coach.bank.items[view["item_id"]]
        full = item.example_answer if isinstance(item, BehavioralPrompt) else item.model_answer
        clock.advance(20)
        answer = full if view["kind"] == "follow-up" else full.split(". ")[0] + "."
        interview.submit(coach, sid, answer)
    interview.finish(coach, sid)
    with coach.learner() as (session, _user):
        row = session.get(InterviewSession, sid)
        assert row is not None
        return SessionState.from_dict(row.state)


def first_scores(state: SessionState, item_kind: str) -> list[float]:
    """The grades of the first answers to the questions of one kind, in the order asked."""
    return [
        float((t.result or {})["score"])
        for t in state.turns
        if t.kind == "question" and t.item_kind == item_kind
    ]


@pytest.mark.parametrize("dimension", ["culture-fit", "experience"])
def test_graded_mock_interview_answers_count_as_evidence(
    tmp_path: Path, make_coach: MakeCoach, clock: Clock, dimension: str
) -> None:
    content = copy_fixture_bank(tmp_path)
    story = content / "behavioral" / "teammate-disagreement.md"
    edit(story, "dimension: culture-fit", f"dimension: {dimension}")
    coach = make_coach(content, timezone="America/Los_Angeles")
    state = sit_mini_screen(coach, clock)
    follow_ups = [t for t in state.turns if t.kind == "follow-up" and t.status == "graded"]
    assert any(t.item_kind == "concept" for t in follow_ups), "the scenario needs a follow-up"

    report = progress.progress_report(coach)
    assert report["totals"]["interview_answers"] == 4  # two concepts, the story, the design
    assert report["totals"]["items_practised"] == 4 and report["totals"]["attempts"] == 0
    assert progress.read_snapshot(coach).cards == {}, "a mock interview schedules no card"
    mastery = {t["topic"]: t["mastery"] for t in report["topics"]}
    concepts = first_scores(state, "concept")
    # the first answers count, not the prompted follow-ups
    expected = sum(concepts) / 100 / (len(concepts) + PRIOR_ITEMS)
    assert mastery["ml-fundamentals"] == pytest.approx(expected, abs=1e-3)
    design = state.designs["design/email-spam-filter"]["score"]
    assert mastery["system-design"] == pytest.approx(design / 100 / 3, abs=1e-3)

    readiness = report["readiness"]
    assert readiness["technical"]["evidence"] == 3
    assert readiness["communication"]["evidence"] == 4
    name = {"culture-fit": "culture", "experience": "experience"}[dimension]
    (told,) = first_scores(state, "behavioral")
    assert readiness[name] == {**readiness[name], "evidence": 1, "score": round(told / 3, 1)}
    other = {"culture": "experience", "experience": "culture"}[name]
    assert readiness[other]["score"] is None


def turn(kind: str, item_id: str, item_kind: str = "concept", **fields: Any) -> Turn:
    return Turn.model_validate(
        {
            "kind": kind,
            "section_id": "s",
            "section_title": "Section",
            "item_id": item_id,
            "item_kind": item_kind,
            "title": item_id,
            "topic": "ml-fundamentals",
            "seconds": 120,
            **fields,
        }
    )


def graded(minute: int, score: float, flags: tuple[str, ...] = ()) -> dict[str, Any]:
    at = T0 + timedelta(minutes=minute)
    result = {"score": score, "flags": list(flags)}
    return {"status": "graded", "submitted_at": at, "result": result, "score": score}


def test_which_interview_turns_count_and_when() -> None:
    state = SessionState(
        turns=[
            turn("question", "precision-recall", **graded(1, 40)),
            turn("follow-up", "precision-recall", parent=0, **graded(2, 90)),
            turn("question", "softmax", "challenge", **graded(3, 100)),
            turn("question", "gone-item", **graded(4, 0, (UNGRADED,))),
            turn("design-step", "email-spam-filter", "design", step_id="data", **graded(5, 70)),
            turn("design-step", "email-spam-filter", "design", step_id="model", **graded(7, 20)),
            turn("question", "dropout-regularization"),  # never reached
        ],
        designs={"s/email-spam-filter": {"score": 55.0, "flags": []}},
    )
    found = [(g.item_id, g.score, g.at) for g in progress.interview_grades(state)]
    assert found == [
        ("precision-recall", 40.0, T0 + timedelta(minutes=1)),
        ("email-spam-filter", 55.0, T0 + timedelta(minutes=7)),
    ]


def test_a_new_interview_answer_changes_the_data_version(coach: Coach) -> None:
    sid = interview.start(coach, "mini-screen", seed=3)["session_id"]
    interview.current(coach, sid)
    before = progress.data_version(coach)
    interview.submit(coach, sid, "Precision is the share of predicted positives that are right.")
    assert progress.data_version(coach) != before  # the clock has not moved
    assert progress.progress_report(coach)["totals"]["interview_answers"] == 1
