"""The scorecard on hand-built sessions whose numbers are worked out by hand below."""

from __future__ import annotations

import pytest

from interview.builders import answer_and_grade, rubric_result, star_result, turn
from mlcoach.content.models import Blueprint, BlueprintSection
from mlcoach.interview.scorecard import build_scorecard
from mlcoach.interview.state import SessionState

SHORT = "Bias is error from wrong assumptions. Variance is sensitivity to the sample. More data lowers variance."
STORY = "I led the migration of our ranking service. I planned the work in stages. We shipped it on time."
WHY = "I admire your work on search ranking. I want to build ranking systems at scale. Your values match mine."


def blueprint(*sections: tuple[str, str, int]) -> Blueprint:
    return Blueprint(
        id="hand",
        title="Hand-checked loop",
        duration_minutes=60,
        sections=tuple(
            BlueprintSection(id=s, kind=k, title=s.title(), minutes=m) for s, k, m in sections
        ),  # type: ignore[arg-type]
    )


FULL = blueprint(("tech", "concept", 5), ("code", "challenge", 15), ("story", "behavioral", 10))


def full_session() -> SessionState:
    state = SessionState(
        turns=[
            turn("q1", "concept", 300, section_id="tech", topic="statistics"),
            turn("c1", "challenge", 900, section_id="code", topic="algorithms"),
            turn(
                "story",
                "behavioral",
                300,
                section_id="story",
                topic="behavioral",
                dimension="experience",
            ),
            turn(
                "why",
                "behavioral",
                300,
                section_id="story",
                topic="behavioral",
                dimension="culture-fit",
            ),
        ]
    )
    answer_and_grade(state, SHORT, rubric_result(80, [True, False]), 80)
    answer_and_grade(state, "def f(x): ...", {"verdict": "PARTIAL", "passed": 5, "total": 10}, 50)
    story = star_result(
        70,
        {"situation": True, "task": True, "action": True, "result": False},
        [True, False],
        ownership=0.3,
        measurable=False,
        lessons=True,
    )
    answer_and_grade(state, STORY, story, 70)
    why = star_result(
        65,
        dict.fromkeys(("situation", "task", "action", "result"), True),
        [True, True, False],
        red_flags=1,
    )
    answer_and_grade(state, WHY, why, 65)
    return state


def test_hand_computed_dimensions_and_weighted_total() -> None:
    card = build_scorecard(FULL, full_session(), {})
    scores = {d.id: d.score for d in card.dimensions}
    weights = {d.id: d.weight for d in card.dimensions}
    assert weights == {"technical": 0.4, "communication": 0.3, "experience": 0.2, "culture": 0.1}
    # technical: time-weighted concept 80 (300 s) and code 5/10 tests (900 s)
    assert scores["technical"] == pytest.approx((300 * 80 + 900 * 50) / 1200)  # 57.5
    # communication: concept 100; story STAR 3/4 -> (0.75 + 1 + 1) / 3; motivation 100
    assert scores["communication"] == pytest.approx(
        round((100 + 100 * 2.75 / 3 + 100) / 3, 1)
    )  # 97.2
    # experience: depth .5*.75+.5*.5, impact 0, ownership .3/.6, lessons 1
    assert scores["experience"] == pytest.approx(
        round(100 * (0.35 * 0.625 + 0.2 * 0.5 + 0.15), 1)
    )  # 46.9
    # culture: signals 2/3 at 70%, STAR 100% at 30%, one red flag -20
    assert scores["culture"] == pytest.approx(round(100 * (0.7 * 2 / 3 + 0.3) - 20, 1))  # 56.7
    expected = 0.4 * 57.5 + 0.3 * 97.2 + 0.2 * 46.9 + 0.1 * 56.7  # the weights 40/30/20/10
    assert card.total == pytest.approx(round(expected, 1)) == 67.2


def test_sections_strengths_gaps_and_practice() -> None:
    card = build_scorecard(FULL, full_session(), {})
    assert [(s.id, s.score) for s in card.sections] == [
        ("tech", 80.0),
        ("code", 50.0),
        ("story", 67.5),
    ]
    assert card.sections[0].minutes_used == 1.0
    # gaps priced in interview minutes: 5/10 tests of a 15-minute round, half of a 5-minute
    # concept, the 15% STAR result share of a 5-minute story
    assert [(g.text, g.minutes_lost) for g in card.gaps] == [
        ("5 of 10 hidden tests failing (PARTIAL)", 7.5),
        ("p2", 2.5),
        ("state the outcome (result)", 0.75),
    ]
    assert card.practice.topics == ["algorithms", "statistics", "behavioral"]
    assert card.practice.items == ["c1"]
    assert card.strengths == ["Communication scored 97/100", "Strong concept answer: Q1 (80/100)"]


def test_missing_dimensions_share_out_their_weight() -> None:
    state = SessionState(turns=[turn("q1", "concept", 300), turn("c1", "challenge", 900)])
    answer_and_grade(state, SHORT, rubric_result(80, [True, False]), 80)
    answer_and_grade(state, "code", {"verdict": "PARTIAL", "passed": 5, "total": 10}, 50)
    card = build_scorecard(blueprint(("s1", "concept", 20)), state, {})
    scores = {d.id: d.score for d in card.dimensions}
    assert scores["experience"] is None and scores["culture"] is None
    assert card.total == pytest.approx(round((0.4 * 57.5 + 0.3 * 100) / 0.7, 1))  # 75.7


def test_a_follow_up_earns_back_half_of_what_it_adds() -> None:
    state = SessionState(turns=[turn("q1", "concept", 300)])
    answer_and_grade(
        state, SHORT, rubric_result(40, [True, False], follow_up="Why p2?"), 40, follow_up="Why p2?"
    )
    answer_and_grade(state, SHORT, rubric_result(80, [True, True]), 80)
    card = build_scorecard(blueprint(("s1", "concept", 5)), state, {})
    question = card.sections[0].questions[0]
    assert (question.first_score, question.score, question.follow_up) == (40.0, 60.0, True)
    # p2 was reached only after the prompt: half its 2.5 minutes
    assert [(g.text, g.minutes_lost) for g in card.gaps] == [("p2", 1.25)]


def design_session(mistakes: list[str], late_steps: int = 50) -> SessionState:
    steps = [
        ("requirements", 60, 100),
        ("framing", 60, 100),
        ("data", 120, late_steps),
        ("model", 120, late_steps),
        ("serving", 120, late_steps),
    ]
    state = SessionState(
        turns=[
            turn(
                "d1",
                "design",
                box,
                kind="design-step",
                step_id=sid,
                step_title=sid.title(),
                topic="system-design",
            )
            for sid, box, _ in steps
        ]
    )
    for sid, _, score in steps:
        result = {
            "steps": {
                sid: {
                    "score": score,
                    "key_points": [{"text": f"{sid} point", "covered": score == 100}],
                }
            },
            "flags": [],
        }
        answer_and_grade(state, SHORT, result, score)
    state.designs["s1/d1"] = {"score": 50, "mistakes": mistakes}
    return state


def test_design_is_step_weighted_minus_its_classic_mistakes() -> None:
    card = build_scorecard(blueprint(("s1", "design", 8)), design_session(["no_monitoring"]), {})
    technical = next(d for d in card.dimensions if d.id == "technical")
    assert technical.score == pytest.approx((60 * 100 + 60 * 100 + 3 * 120 * 50) / 480 - 8)  # 54.5
    assert technical.signals == {"design": 54.5}
    design = card.sections[0].questions[0]
    # no follow-up was asked, so the first answers earned the whole score
    assert (design.first_score, design.score, design.follow_up) == (54.5, 54.5, False)
    # each missed step point costs its step's 2 minutes; the mistake 8% of the 8-minute round
    assert [(g.text, g.minutes_lost) for g in card.gaps] == [
        ("data point", 2.0),
        ("model point", 2.0),
        ("serving point", 2.0),
    ]
    clean = build_scorecard(
        blueprint(("s1", "design", 8)), design_session(["no_monitoring"], 100), {}
    )
    assert [(g.text, g.minutes_lost) for g in clean.gaps] == [
        ("Said nothing about monitoring, drift or retraining after launch.", 0.64)
    ]


def test_a_model_before_requirements_costs_design_structure() -> None:
    plain = build_scorecard(blueprint(("s1", "design", 8)), design_session([]), {})
    early = build_scorecard(
        blueprint(("s1", "design", 8)), design_session(["model_before_requirements"]), {}
    )

    def structure(card: object) -> float:
        return next(d for d in card.dimensions if d.id == "communication").signals["structure"]  # type: ignore[attr-defined]

    assert structure(plain) == 100.0
    assert structure(early) == 75.0


def test_timing_out_halves_concision() -> None:
    state = SessionState(turns=[turn("q1", "concept", 300)])
    answer_and_grade(state, SHORT, rubric_result(80, [True]), 80, after=301)
    card = build_scorecard(blueprint(("s1", "concept", 5)), state, {})
    communication = next(d for d in card.dimensions if d.id == "communication")
    assert communication.signals["concision"] == 50.0
    assert communication.score == pytest.approx(round(100 * 2.5 / 3, 1))
    assert card.sections[0].questions[0].timed_out


def test_turns_never_reached_count_as_unanswered() -> None:
    state = SessionState(turns=[turn("q1", "concept", 300), turn("q2", "concept", 300)])
    answer_and_grade(state, SHORT, rubric_result(100, [True]), 100)
    card = build_scorecard(blueprint(("s1", "concept", 10)), state, {})
    assert next(d for d in card.dimensions if d.id == "technical").score == 50.0
    assert (
        card.gaps[0].text == "not answered"
        and card.gaps[0].title == "Q2"
        and card.gaps[0].minutes_lost == 5.0
    )
    assert card.practice.items == ["q2"]


def test_an_empty_answer_scores_nothing_for_communication() -> None:
    state = SessionState(turns=[turn("q1", "concept", 300)])
    answer_and_grade(state, "", rubric_result(0, [False], flags=["empty"]), 0)
    card = build_scorecard(blueprint(("s1", "concept", 5)), state, {})
    assert next(d for d in card.dimensions if d.id == "communication").score == 0.0
