"""The pure plan builder: phases over the time left, minutes, and where the time goes."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlcoach.plan import (
    PHASES,
    CatalogueItem,
    Plan,
    PlanError,
    PlanRequest,
    build_plan,
    week_minutes,
)
from mlcoach.plan.builder import MAX_DAYS_AHEAD
from mlcoach.plan.timeline import phase_lengths

MakeRequest = Callable[..., PlanRequest]
F, P, S, M = PHASES


def session_phases(plan: Plan) -> list[str]:
    return [s.phase for s in plan.sessions]


def assert_phases_in_order(plan: Plan) -> None:
    indexes = [PHASES.index(p) for p in session_phases(plan)]
    assert indexes == sorted(indexes), "a session went back to an earlier phase"


def test_eight_weeks_is_the_baseline_two_weeks_per_phase(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(56))
    assert plan.mode == "baseline"
    assert [w.phase for w in plan.weeks] == [F, F, P, P, S, S, M, M]
    assert [w.number for w in plan.weeks] == list(range(1, 9))
    assert_phases_in_order(plan)


def test_three_weeks_compress_every_phase(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(21))
    assert plan.mode == "compressed"
    assert len(plan.weeks) == 3
    assert plan.weeks[0].phase == F
    assert plan.weeks[-1].phase == M
    assert set(session_phases(plan)) == set(PHASES), "compression must keep every phase"
    assert_phases_in_order(plan)


def test_fourteen_weeks_stretch_foundations_and_practice(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(98))
    assert plan.mode == "stretched"
    assert Counter(w.phase for w in plan.weeks) == {F: 5, P: 5, S: 2, M: 2}
    assert_phases_in_order(plan)


@pytest.mark.parametrize("days", [1, 4, 6])
def test_under_a_week_is_a_crash_plan_of_mocks_and_weak_topics(
    make_request: MakeRequest, days: int
) -> None:
    mastery = {"ml-fundamentals": 0.9, "deep-learning": 0.2, "statistics": 0.1}
    plan = build_plan(make_request(days, hours_per_week=10, mastery=mastery))
    assert plan.mode == "crash"
    assert len(plan.weeks) == 1
    activities = {s.activity for s in plan.sessions}
    assert activities <= {"mock", "concepts"}
    if days >= 2:
        assert activities == {"mock", "concepts"}
    concept_topics = {t for s in plan.sessions if s.activity == "concepts" for t in s.topics}
    assert "ml-fundamentals" not in concept_topics  # the one topic already mastered
    assert plan.weeks[0].goals[0].startswith("Crash plan")


@pytest.mark.parametrize("days", [0, -3])
def test_interview_today_or_past_is_an_error(make_request: MakeRequest, days: int) -> None:
    with pytest.raises(PlanError, match="not after today") as raised:
        build_plan(make_request(days))
    assert raised.value.field == "interview_date"


def test_a_plan_reaches_two_years_ahead_and_no_further(make_request: MakeRequest) -> None:
    assert len(build_plan(make_request(MAX_DAYS_AHEAD)).weeks) == math.ceil(MAX_DAYS_AHEAD / 7)
    with pytest.raises(PlanError, match="within two years") as raised:
        build_plan(make_request(MAX_DAYS_AHEAD + 1))
    assert raised.value.field == "interview_date"


@pytest.mark.parametrize("hours", [0, 0.5, 81])
def test_hours_out_of_range_is_an_error(make_request: MakeRequest, hours: float) -> None:
    with pytest.raises(PlanError, match=f"{hours:g} is out of range; give 1 to 80") as raised:
        build_plan(make_request(30, hours_per_week=hours))
    assert raised.value.field == "hours_per_week"


@settings(max_examples=60, deadline=None)
@given(days=st.integers(1, 200), hours=st.integers(4, 160).map(lambda quarters: quarters / 4))
def test_minutes_add_up_to_the_hours_each_week(
    make_request: MakeRequest, days: int, hours: float
) -> None:
    req = make_request(days, hours_per_week=hours)
    plan = build_plan(req)
    assert sum(w.end.toordinal() - w.start.toordinal() + 1 for w in plan.weeks) == days
    for week in plan.weeks:
        length = (week.end - week.start).days + 1
        assert week.minutes == week_minutes(hours, length)
        if length == 7:
            assert week.minutes == round(hours * 60)
        dates = [s.day for s in week.sessions]
        assert len(dates) == len(set(dates)), "at most one session a day"
        assert all(week.start <= d <= week.end for d in dates)
        assert all(s.minutes > 0 for s in week.sessions)
    assert all(req.today <= s.day < req.interview_date for s in plan.sessions)


@pytest.mark.parametrize("days", [7, 20, 55, 56, 57, 120, 365])
def test_phase_lengths_cover_the_days_left(days: int) -> None:
    lengths = phase_lengths(days)
    assert sum(lengths) == pytest.approx(days)
    assert all(length > 0 for length in lengths)


def test_company_topics_get_more_time(make_request: MakeRequest) -> None:
    neutral = build_plan(make_request(56)).topic_minutes()
    focused_plan = build_plan(make_request(56, company="acme"))
    focused = focused_plan.topic_minutes()
    # acme tags most of its items in ml-fundamentals and none in deep-learning
    assert focused["ml-fundamentals"] > neutral["ml-fundamentals"]
    assert focused["deep-learning"] < neutral["deep-learning"]
    assert (
        focused_plan.topic_weights["ml-fundamentals"]
        == 2 * focused_plan.topic_weights["deep-learning"]
    )
    specialised = [s for s in focused_plan.sessions if s.phase == S and s.activity == "concepts"]
    assert specialised and {t for s in specialised for t in s.topics} == {"ml-fundamentals"}


def test_company_items_are_suggested_first(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(56, company="acme"))
    first_design = next(s for s in plan.sessions if s.activity == "design")
    assert first_design.item_ids[0] == "feed-ranking"


def test_weak_topic_gets_more_time(make_request: MakeRequest) -> None:
    weak = build_plan(make_request(56, mastery={"deep-learning": 0.05, "statistics": 0.95}))
    strong = build_plan(make_request(56, mastery={"deep-learning": 0.95, "statistics": 0.05}))
    assert weak.topic_minutes()["deep-learning"] > strong.topic_minutes()["deep-learning"]
    assert weak.topic_minutes()["statistics"] < strong.topic_minutes()["statistics"]


def test_items_already_attempted_are_suggested_last(make_request: MakeRequest) -> None:
    before = build_plan(make_request(56))
    first = next(s for s in before.sessions if s.activity == "concepts")
    done = frozenset(first.item_ids)
    after = build_plan(make_request(56, done_item_ids=done))
    again = next(s for s in after.sessions if s.activity == "concepts" and s.topics == first.topics)
    fresh = [i for i in again.item_ids if i not in done]
    assert len(fresh) == 2  # the topic has 8 items, 6 were attempted
    assert list(again.item_ids[:2]) == fresh, "unattempted items must lead the suggestions"


def test_mock_sessions_suggest_a_blueprint_that_fits(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(56))
    mocks = [s for s in plan.sessions if s.activity == "mock"]
    assert mocks and all(s.item_ids == ("phone-screen",) for s in mocks if s.minutes < 225)


def test_same_request_same_plan_and_json_ready(make_request: MakeRequest) -> None:
    first = build_plan(make_request(40, company="acme")).to_dict()
    assert first == build_plan(make_request(40, company="acme")).to_dict()
    assert json.loads(json.dumps(first)) == first
    assert first["days_left"] == 40
    assert first["weeks"][0]["start"] == "2026-03-02"
    assert first["weeks"][-1]["end"] == "2026-04-10"
    assert set(first["weeks"][0]["sessions"][0]) == {
        "date",
        "minutes",
        "phase",
        "activity",
        "topics",
        "item_ids",
    }


def test_a_bank_without_challenges_or_blueprints_still_plans(
    make_request: MakeRequest, catalogue: tuple[CatalogueItem, ...]
) -> None:
    concepts_only = tuple(i for i in catalogue if i.kind == "concept")
    plan = build_plan(make_request(30, items=concepts_only, blueprints=()))
    assert {s.activity for s in plan.sessions} == {"concepts"}
    assert all(s.item_ids for s in plan.sessions)
    assert plan.interview_date - plan.today == timedelta(days=30)
