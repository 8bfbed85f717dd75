"""The session state machine with an injected clock: time boxes, warning, time-out, follow-ups."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from interview.builders import T0, answer_and_grade, rubric_result, turn
from mlcoach.interview.state import (
    MIN_FOLLOW_UP_SECONDS,
    SessionState,
    StateError,
    design_transcript,
)


def two_questions() -> SessionState:
    return SessionState(seed=7, turns=[turn("q1", seconds=300), turn("q2", seconds=200)])


def test_showing_a_turn_starts_its_clock_once() -> None:
    state = two_questions()
    state.show(T0)
    state.show(T0 + timedelta(seconds=50))  # shown again (e.g. a page reload): same clock
    current = state.current()
    assert current is not None
    assert current.shown_at == T0
    assert current.deadline == T0 + timedelta(seconds=300)
    clock = state.clock(T0 + timedelta(seconds=50))
    assert (clock.elapsed, clock.remaining) == (50.0, 250.0)


def test_warning_starts_at_eighty_percent_of_the_box() -> None:
    state = two_questions()
    state.show(T0)
    assert not state.clock(T0 + timedelta(seconds=239)).warning
    at_80 = state.clock(T0 + timedelta(seconds=240))
    assert at_80.warning and not at_80.timed_out
    assert at_80.remaining == 60.0


def test_time_out_when_the_box_is_used_up() -> None:
    state = two_questions()
    state.show(T0)
    assert not state.clock(T0 + timedelta(seconds=299)).timed_out
    over = state.clock(T0 + timedelta(seconds=300))
    assert over.timed_out and over.remaining == 0.0


def test_a_late_submission_is_marked_timed_out_and_keeps_the_text() -> None:
    state = two_questions()
    state.show(T0)
    state.save_draft("half an answer", T0 + timedelta(seconds=100))
    submitted = state.submit("half an answer", T0 + timedelta(seconds=301))
    assert submitted.timed_out
    assert submitted.answer == "half an answer"
    assert submitted.used_seconds == 301.0


def test_an_answer_in_time_is_not_timed_out() -> None:
    state = two_questions()
    state.show(T0)
    assert not state.submit("done", T0 + timedelta(seconds=299)).timed_out


def test_record_moves_on_and_the_next_turn_gets_its_own_box() -> None:
    state = two_questions()
    answer_and_grade(state, "answer", rubric_result(90, [True]), 90)
    assert state.position == 1
    later = T0 + timedelta(hours=1)
    state.show(later)
    assert state.clock(later).remaining == 200.0


def test_a_missed_point_queues_one_follow_up_right_after_the_question() -> None:
    state = two_questions()
    result = rubric_result(40, [True, False], follow_up="Why does that hold?")
    answer_and_grade(state, "answer", result, 40, after=60, follow_up="Why does that hold?")
    assert [t.kind for t in state.turns] == ["question", "follow-up", "question"]
    follow = state.turns[1]
    assert follow.parent == 0 and follow.prompt == "Why does that hold?"
    assert follow.item_id == "q1"
    # 240 s of the question's box were left; a follow-up gets at most half the box
    assert follow.seconds == 150
    # the follow-up's own answer gets no follow-up of its own
    answer_and_grade(state, "more", result, 40, follow_up="And then?")
    assert [t.kind for t in state.turns] == ["question", "follow-up", "question"]
    assert state.current() is state.turns[2]


def test_a_follow_up_after_a_long_answer_still_gets_a_minute() -> None:
    state = two_questions()
    answer_and_grade(state, "answer", rubric_result(10, [False]), 10, after=290, follow_up="Why?")
    assert state.turns[1].seconds == MIN_FOLLOW_UP_SECONDS


def test_coding_turns_get_no_follow_up() -> None:
    state = SessionState(turns=[turn("softmax", "challenge", seconds=900)])
    answer_and_grade(
        state, "def f(): ...", {"verdict": "WA", "passed": 0, "total": 8}, 0, follow_up="Why?"
    )
    assert len(state.turns) == 1 and state.finished


def test_resume_gives_back_the_time_nobody_was_there() -> None:
    state = two_questions()
    state.show(T0)
    state.save_draft("first line", T0 + timedelta(seconds=100))
    state.resume(T0 + timedelta(hours=3))  # the terminal was killed for three hours
    clock = state.clock(T0 + timedelta(hours=3))
    assert clock.remaining == 200.0 and clock.elapsed == 100.0
    current = state.current()
    assert current is not None and current.draft == "first line"


def test_state_round_trips_through_json() -> None:
    state = two_questions()
    answer_and_grade(state, "answer", rubric_result(40, [False]), 40, follow_up="Why?")
    state.show(T0 + timedelta(seconds=70))
    state.save_draft("typed", T0 + timedelta(seconds=80))
    again = SessionState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert again == state
    assert again.clock(T0 + timedelta(seconds=90)) == state.clock(T0 + timedelta(seconds=90))


def test_actions_out_of_order_are_refused() -> None:
    state = two_questions()
    with pytest.raises(StateError, match="shown"):
        state.submit("too early", T0)
    with pytest.raises(StateError, match="not been shown"):
        state.clock(T0)
    finished = SessionState(turns=[turn()])
    answer_and_grade(finished, "a", rubric_result(100, [True]), 100)
    with pytest.raises(StateError, match="no turns left"):
        finished.show(T0)


def test_design_transcript_keeps_the_order_without_headings() -> None:
    steps = [
        turn(
            "d",
            "design",
            kind="design-step",
            step_id="requirements",
            step_title="Requirements",
            answer="Ask about scale.",
        ),
        turn(
            "d",
            "design",
            kind="follow-up",
            step_id="requirements",
            parent=0,
            answer="Latency under 50 ms.",
        ),
        turn(
            "d",
            "design",
            kind="design-step",
            step_id="framing",
            step_title="Framing",
            answer="Binary classification.",
        ),
    ]
    assert (
        design_transcript(steps)
        == "Ask about scale.\n\nLatency under 50 ms.\n\nBinary classification."
    )
