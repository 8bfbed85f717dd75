"""Mock-interview use-cases end to end, with a stepped fake clock and the hashing embedder."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from mlcoach.content.models import (
    BehavioralPrompt,
    CaseStudy,
    Challenge,
    ConceptQuestion,
    DesignPrompt,
)
from mlcoach.interview.state import SessionState
from mlcoach.judge.fake import FakeExecutor
from mlcoach.services import interview as service
from mlcoach.services import interview_grading
from mlcoach.services.coach import Coach
from mlcoach.services.grading import GradingError
from mlcoach.storage import repositories as attempts_repo
from mlcoach.storage.tables import InterviewSession
from support import FIXTURE_BANK, SHIPPED, Clock, MakeCoach

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NONSENSE = "Bananas are yellow and grow in bunches on tall plants in warm places."


pytestmark = pytest.mark.clock_starts(T0)


@pytest.fixture()
def make_coach(make_coach: MakeCoach) -> MakeCoach:
    """On the shipped bank unless told: its blueprints are the ones learners sit."""
    return partial(make_coach, content=SHIPPED)


def good_answer(coach: Coach, item_id: str) -> str:
    item = coach.bank.items[item_id]
    if isinstance(item, ConceptQuestion | CaseStudy | DesignPrompt):
        return item.model_answer
    if isinstance(item, BehavioralPrompt):
        return item.example_answer
    assert isinstance(item, Challenge)
    return item.solution


def state_of(coach: Coach, session_id: str) -> SessionState:
    with coach.learner() as (session, _user):
        row = session.get(InterviewSession, session_id)
        assert row is not None
        return SessionState.from_dict(row.state)


def test_phone_screen_end_to_end(coach: Coach, clock: Clock) -> None:
    started = service.start(coach, "phone-screen", seed=1)
    sid = started["session_id"]
    assert [s["id"] for s in started["sections"]] == ["intro", "ml-concepts", "coding"]
    assert sum(len(ids) for ids in started["chosen_items"].values()) == started["turn_count"] == 7
    executor = FakeExecutor()
    seen: list[dict[str, Any]] = []
    while (view := service.current(coach, sid, executor=executor))["status"] == "running":
        seen.append(view)
        assert view["seconds_left"] == view["seconds"] and not view["warning"]
        assert datetime.fromisoformat(view["deadline"]) == clock.now + timedelta(
            seconds=view["seconds"]
        )
        clock.advance(90)
        if view["item_kind"] == "challenge":
            assert Path(view["workspace_file"]).read_text() == view["starter"] == view["draft"]
        answer = good_answer(coach, view["item_id"]) if view["kind"] != "follow-up" else NONSENSE
        service.submit(coach, sid, answer, executor=executor)
    assert view["status"] == "complete"
    assert [v["section_id"] for v in seen if v["kind"] == "question"] == ["intro"] * 2 + [
        "ml-concepts"
    ] * 4 + ["coding"]
    coding = next(v for v in seen if v["item_kind"] == "challenge")
    assert coding["seconds"] == 900 and coding["section_title"] == "Coding challenge"

    finished = service.finish(coach, sid)
    card = finished["scorecard"]
    assert [d["id"] for d in card["dimensions"]] == [
        "technical",
        "communication",
        "experience",
        "culture",
    ]
    technical = card["dimensions"][0]
    assert technical["signals"]["coding"] == 100.0  # the reference solution passes every test
    assert card["total"] is not None and 0 <= card["total"] <= 100
    assert [s["id"] for s in card["sections"]] == ["intro", "ml-concepts", "coding"]
    assert len(card["gaps"]) <= 3

    stored = service.answers(coach, sid)
    assert len(stored) == len(seen) and all(a["graded"] for a in stored)
    with coach.learner() as (session, user):
        attempts = attempts_repo.attempts_for(session, user, coding["item_id"])
    assert [a.verdict for a in attempts] == ["AC"]  # the coding answer counts as an attempt

    markdown = service.report(coach, sid, "md")["text"]
    assert markdown.startswith("# Mock interview scorecard: 45-minute phone screen")
    assert "<table>" in service.report(coach, sid, "html")["text"]
    assert service.report(coach, sid, "json")["scorecard"] == card
    assert service.finish(coach, sid) == finished, "finishing twice returns the saved report"
    listed = service.list_sessions(coach)
    assert [(s["session_id"], s["status"], s["total"]) for s in listed] == [
        (sid, "finished", card["total"])
    ]


def test_warning_at_eighty_percent_and_auto_submit_at_time_out(coach: Coach, clock: Clock) -> None:
    sid = service.start(coach, "phone-screen", seed=1)["session_id"]
    first = service.current(coach, sid)
    assert first["seconds"] == 240 and first["warning_at_seconds_left"] == 48.0
    clock.advance(100)
    assert service.save_draft(coach, sid, "My first line")["warning"] is False
    clock.advance(92)  # 192 s: 80% of the box
    tick = service.save_draft(coach, sid, "My first line\nand a second")
    assert tick["warning"] is True and tick["seconds_left"] == 48.0
    clock.advance(49)
    after = service.current(coach, sid)
    assert after["auto_submitted"] == [0]
    assert after["turn_index"] == 1 and after["seconds_left"] == after["seconds"]
    saved = service.answers(coach, sid)
    assert [(a["answer"], a["timed_out"], a["graded"]) for a in saved] == [
        ("My first line\nand a second", True, True)
    ]


def test_a_late_answer_for_a_turn_that_is_over_never_lands_on_the_next(
    coach: Coach, clock: Clock
) -> None:
    """A page left open sends its draft and answer after the server handed the turn in."""
    sid = service.start(coach, "phone-screen", seed=1)["session_id"]
    service.current(coach, sid)  # the first turn is shown: its clock starts
    service.save_draft(coach, sid, "Typed in time", turn_index=0)
    clock.advance(241)  # past the first turn's 240 s: the next look hands the draft in
    assert service.current(coach, sid)["turn_index"] == 1
    for late in (
        lambda: service.save_draft(coach, sid, "Late draft", turn_index=0),
        lambda: service.submit(coach, sid, "Late answer", turn_index=0),
    ):
        with pytest.raises(service.InterviewError, match=r"turn 0 is over.*at turn 1"):
            late()
    assert [a["answer"] for a in service.answers(coach, sid)] == ["Typed in time"]
    assert service.current(coach, sid)["draft"] == ""  # the next turn is untouched
    assert service.submit(coach, sid, "Answer to turn 1", turn_index=1)["turn_index"] == 1


def test_an_interview_ended_early_shows_no_more_turns_and_takes_no_answers(
    coach: Coach, clock: Clock
) -> None:
    sid = service.start(coach, "phone-screen", seed=1)["session_id"]
    service.current(coach, sid)
    service.finish(coach, sid)
    clock.advance(30)
    after = service.current(coach, sid)
    assert after["status"] == "finished" and after["turn_index"] == 1
    for late in (
        lambda: service.save_draft(coach, sid, "more"),
        lambda: service.submit(coach, sid, "more"),
    ):
        with pytest.raises(service.InterviewError, match="is finished and takes no more answers"):
            late()
    assert [a["answer"] for a in service.answers(coach, sid)] == [""]


def test_a_missed_key_point_brings_one_follow_up(coach: Coach, clock: Clock) -> None:
    sid = service.start(coach, "phone-screen", seed=1)["session_id"]
    service.current(coach, sid)
    service.submit(coach, sid, good_answer(coach, service.current(coach, sid)["item_id"]))
    question = service.current(coach, sid)
    while question["kind"] != "question":  # the intro may have earned a follow-up
        service.submit(coach, sid, NONSENSE)
        question = service.current(coach, sid)
    clock.advance(30)
    assert service.submit(coach, sid, NONSENSE)["follow_up_queued"] is True
    follow = service.current(coach, sid)
    assert follow["kind"] == "follow-up" and follow["item_id"] == question["item_id"]
    assert follow["follow_up_of"] == question["turn_index"]
    assert follow["prompt"].startswith("**Follow-up.** ")
    assert service.submit(coach, sid, NONSENSE)["follow_up_queued"] is False
    assert service.current(coach, sid)["kind"] == "question"


def test_resume_after_a_crash_loses_nothing(make_coach: MakeCoach, clock: Clock) -> None:
    coach = make_coach()
    sid = service.start(coach, "phone-screen", seed=2)["session_id"]
    service.current(coach, sid)
    service.submit(coach, sid, "At my last job I explained a churn model to sales.")
    while service.current(coach, sid)["kind"] != "question":
        service.submit(coach, sid, NONSENSE)
    position = service.current(coach, sid)["turn_index"]
    clock.advance(50)
    service.save_draft(coach, sid, "typed before the crash")
    clock.advance(3 * 3600)  # the process died; three hours later a new one starts
    again = make_coach()
    resumed = service.resume(again)
    turn = resumed["turn"]
    assert resumed["session_id"] == sid
    assert turn["turn_index"] == position and turn["draft"] == "typed before the crash"
    # the second intro turn: a 240 s box with 50 s used
    assert turn["seconds_left"] == 190.0 and turn["auto_submitted"] == []
    assert resumed["answers"][0]["answer"] == "At my last job I explained a churn model to sales."


def test_the_answer_is_saved_before_grading(coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    sid = service.start(coach, "phone-screen", seed=1)["session_id"]
    service.current(coach, sid)

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("grader crashed")

    monkeypatch.setattr(service, "grade_turn", broken)
    with pytest.raises(
        service.GradingFailed,
        match=rf"grading turn 1 of interview {sid} failed \(RuntimeError: grader crashed\); "
        rf"the answer is saved, and `mlcoach interview resume {sid}` grades it again",
    ):
        service.submit(coach, sid, "an answer worth keeping")
    assert [(a["answer"], a["graded"]) for a in service.answers(coach, sid)] == [
        ("an answer worth keeping", False)
    ]
    assert state_of(coach, sid).turns[0].status == "submitted"
    monkeypatch.undo()
    view = service.current(coach, sid)  # the next look grades what was left and moves on
    assert view["turn_index"] >= 1
    assert service.answers(coach, sid)[0]["graded"] is True


def test_design_steps_run_with_their_own_boxes_and_one_overall_grade(
    make_coach: MakeCoach, clock: Clock
) -> None:
    coach = make_coach(content=FIXTURE_BANK)
    sid = service.start(coach, "mini-screen", seed=3)["session_id"]
    steps = []
    while (view := service.current(coach, sid))["status"] == "running":
        if view["kind"] == "design-step":
            steps.append((view["step_id"], view["step_title"], view["seconds"]))
            assert f"**Step: {view['step_title']}.**" in view["prompt"]
        clock.advance(20)
        service.submit(
            coach,
            sid,
            good_answer(coach, view["item_id"]) if view["kind"] != "follow-up" else NONSENSE,
        )
    assert [s[0] for s in steps] == ["requirements", "framing", "data", "model", "serving"]
    assert [s[2] for s in steps] == [113, 112, 225, 225, 225]
    assert list(state_of(coach, sid).designs) == ["design/email-spam-filter"]
    card = service.finish(coach, sid)["scorecard"]
    assert "design" in card["dimensions"][0]["signals"]


def test_any_blueprint_file_works(coach: Coach, tmp_path: Path) -> None:
    path = tmp_path / "quick.toml"
    path.write_text(
        'id = "quick"\ntitle = "Quick check"\nduration_minutes = 5\n\n[[sections]]\nid = "one"\n'
        'kind = "concept"\ntitle = "One question"\nminutes = 5\nitems = ["random-forest-basics"]\n',
        encoding="utf-8",
    )
    started = service.start(coach, str(path))
    assert started["blueprint_id"] == "quick" and started["chosen_items"] == {
        "one": ["random-forest-basics"]
    }
    assert isinstance(started["seed"], int)


def test_bad_blueprints_and_ids_are_explained(coach: Coach, tmp_path: Path) -> None:
    with pytest.raises(
        service.InterviewError,
        match=r"no blueprint 'nope' \(bank blueprints: onsite-loop, phone-screen\)",
    ):
        service.start(coach, "nope")
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\n', encoding="utf-8")
    with pytest.raises(service.InterviewError, match=r"broken\.toml:title: .*add this field"):
        service.start(coach, str(broken))
    with pytest.raises(
        service.InterviewError, match="no interview 'zzz'; `mlcoach interview list`"
    ):
        service.current(coach, "zzz")
    with pytest.raises(service.InterviewError, match="no unfinished interview"):
        service.resume(coach)
    sid = service.start(coach, "phone-screen", seed=1)["session_id"]
    with pytest.raises(
        service.InterviewError,
        match=f"not finished; resume it with `mlcoach interview resume {sid}`",
    ):
        service.report(coach, sid)
    with pytest.raises(service.InterviewError, match="call current"):
        service.submit(coach, sid, "before the question was shown")


def test_an_item_gone_from_the_bank_is_recorded_ungraded_and_the_interview_goes_on(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = service.start(coach, "phone-screen", seed=1)["session_id"]
    service.current(coach, sid)

    def gone(*_args: Any, **_kwargs: Any) -> Any:
        raise GradingError("no item 'project-proud-of'; run `mlcoach content list` for the ids")

    monkeypatch.setattr(interview_grading, "grade_item", gone)
    submitted = service.submit(coach, sid, "I led the churn project.")
    assert submitted["score"] == 0.0 and submitted["follow_up_queued"] is False
    assert submitted["feedback"].startswith("Not graded: no item 'project-proud-of'")
    assert service.current(coach, sid)["turn_index"] == 1  # no retry loop: it moved on
    monkeypatch.undo()
    card = service.finish(coach, sid)["scorecard"]
    assert not any(g["item_id"] == "project-proud-of" for g in card["gaps"])
    assert service.answers(coach, sid)[0]["answer"] == "I led the churn project."


def test_two_writers_on_one_session_take_turns(
    make_coach: MakeCoach, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The web page polls `current` while the terminal saves a draft: neither write is lost."""
    web, terminal = make_coach(), make_coach()
    sid = service.start(web, "phone-screen", seed=1)["session_id"]
    service.current(web, sid)
    service.list_sessions(terminal)  # its database is open and migrated before the race
    inside = threading.Event()
    typing = threading.Thread(
        target=lambda: inside.wait() and service.save_draft(terminal, sid, "typed meanwhile")
    )
    typing.start()
    shown = service.turn_view

    def polling(*args: Any) -> dict[str, Any]:  # runs inside `current`'s transaction
        inside.set()
        typing.join(timeout=1.0)  # the terminal's save waits for this transaction to end
        return shown(*args)

    monkeypatch.setattr(service, "turn_view", polling)
    clock.advance(5)  # the poll's heartbeat changes the state it writes back
    service.current(web, sid)
    typing.join()
    assert state_of(web, sid).turns[0].draft == "typed meanwhile"


def test_a_folder_or_unreadable_blueprint_path_is_explained(coach: Coach, tmp_path: Path) -> None:
    with pytest.raises(service.InterviewError, match=r"cannot read the blueprint \(Is a dir"):
        service.start(coach, str(tmp_path))
    binary = tmp_path / "blob.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(service.InterviewError, match=r"blob\.toml: cannot read .*not UTF-8"):
        service.start(coach, str(binary))
