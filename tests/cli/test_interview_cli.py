"""`mlcoach interview ...` in the terminal: scripted sittings, the timed reader, and a real
`kill -9` in the middle of an answer followed by a resume."""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mlcoach.cli import interview as interview_cli
from mlcoach.cli.interview_input import TerminalInput, read_code_answer, read_text_answer
from mlcoach.services import interview as service
from mlcoach.services.coach import Coach, system_clock
from mlcoach.settings import Settings
from mlcoach.storage.tables import InterviewSession
from support import SHIPPED, UseCoach, build_coach
from support import run_cli as run

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANSWER = "Bias comes from wrong assumptions.\nVariance comes from sensitivity to the sample.\n.\n"


class SteppingClock:
    """Each reading is one second later than the last: time moves as the command works."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(autouse=True)
def environment(cli_environment: None, use_coach: UseCoach) -> None:
    use_coach(interview_cli, clock=SteppingClock())


def test_sitting_the_mini_screen_ends_with_the_scorecard() -> None:
    result = run("interview", "start", "mini-screen", "--seed", "1", input=ANSWER * 3)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Thirty-minute test screen" in out
    assert "Section 1/3: Fundamentals" in out and "Section 3/3: A short design round" in out
    assert re.search(r"\[0[45]:\d\d left\] >", out), "the countdown is shown at the prompt"
    assert "Design step: Clarify requirements" in out and "Design step: Serving, monitoring" in out
    assert "Answer saved." in out
    assert "Scorecard" in out and "Overall:" in out
    for title in ("Technical", "Communication", "Experience", "Culture fit"):
        assert title in out
    session_id = re.search(r"Report saved as interview (\w+)", out)
    assert session_id is not None
    assert f"mlcoach interview report {session_id.group(1)} --format html" in out


def finished_session() -> str:
    run("interview", "start", "mini-screen", "--seed", "2", input=ANSWER)
    listed = json.loads(run("interview", "list", "--json").stdout)
    assert [s["status"] for s in listed] == ["finished"]
    return str(listed[0]["session_id"])


def test_report_exports_markdown_html_and_json(tmp_path: Path) -> None:
    session_id = finished_session()
    md = run("interview", "report", session_id)
    assert md.exit_code == 0 and md.stdout.startswith(
        "# Mock interview scorecard: Thirty-minute test screen"
    )
    page = tmp_path / "card.html"
    written = run("interview", "report", session_id, "--format", "html", "--output", str(page))
    assert written.exit_code == 0, written.output
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    data = json.loads(run("interview", "report", session_id, "--format", "json").stdout)
    assert [d["weight"] for d in data["dimensions"]] == [0.4, 0.3, 0.2, 0.1]


def test_list_shows_sessions_in_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    session_id = finished_session()
    monkeypatch.setenv("MLCOACH_TIMEZONE", "Asia/Tokyo")
    out = run("interview", "list").output
    assert "1 interview " in out and session_id in out and "finished" in out
    assert re.search(r"\bscore\b", out) and not re.search(r"\btotal\b", out)
    assert re.search(r"Mon 02 Mar 18:0\d", out), "started at 09:0x UTC, shown in local time"


def test_user_errors_exit_2_with_the_fix() -> None:
    started = run("interview", "start", "nope")
    assert started.exit_code == 2
    assert "no blueprint 'nope' (bank blueprints: mini-screen)" in " ".join(started.output.split())
    assert run("interview", "report", "zzz").exit_code == 2
    resumed = run("interview", "resume")
    assert resumed.exit_code == 2 and "no unfinished interview" in resumed.output
    assert "Traceback" not in started.output + resumed.output
    bracketed = run("interview", "start", "[/]")  # Rich markup in an argument is shown as is
    assert bracketed.exit_code == 2 and "no blueprint '[/]'" in bracketed.output


def test_usage_names_the_arguments_in_capitals() -> None:
    report = run("interview", "report")
    assert report.exit_code == 2 and "Missing argument 'SESSION_ID'" in report.output
    assert "interview report [OPTIONS] {SESSION_ID}" in report.output
    assert "interview start [OPTIONS] {BLUEPRINT}" in run("interview", "start").output
    assert "interview resume [OPTIONS] [SESSION_ID]" in run("interview", "resume", "--help").output


def test_a_grading_failure_mid_interview_exits_2_and_resume_grades_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError("the sentence model could not be loaded")

    with monkeypatch.context() as patched:
        patched.setattr(service, "grade_turn", broken)
        failed = run("interview", "start", "mini-screen", "--seed", "1", input=ANSWER)
    assert failed.exit_code == 2, failed.output
    out = " ".join(failed.output.split())
    assert "grading turn 1 of interview" in out and "(OSError: the sentence model" in out
    assert "the answer is saved, and `mlcoach interview resume" in out
    assert failed.exception is None or isinstance(failed.exception, SystemExit)
    resumed = run("interview", "resume", input=ANSWER * 8)
    assert resumed.exit_code == 0, resumed.output
    assert "Scorecard" in resumed.output
    assert "): 1 answer saved, turn 1 of" in " ".join(resumed.output.split())
    listed = json.loads(run("interview", "list", "--json").stdout)
    answers = service.answers(interview_cli.coach_from_env(), listed[0]["session_id"])
    assert answers[0]["answer"] == ANSWER.removesuffix("\n.\n") and answers[0]["graded"]


class Script:
    """A reader that hands out prepared lines; None stands for a timeout, which waits it out
    when it is short (a real `select` would)."""

    def __init__(self, *lines: str | None):
        self.lines = list(lines)
        self.timeouts: list[float] = []

    def read_line(self, timeout: float) -> str | None:
        self.timeouts.append(timeout)
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if line is None and timeout <= 1.0:
            time.sleep(timeout)
        return line


def view(seconds_left: float, **extra: Any) -> dict[str, Any]:
    return {"seconds_left": seconds_left, "warning_at_seconds_left": 60.0, "draft": "", **extra}


def test_every_line_is_saved_as_a_draft_before_the_next() -> None:
    drafts: list[str] = []

    def save(text: str) -> dict[str, Any]:
        drafts.append(text)
        return {"seconds_left": 200.0}

    answer = read_text_answer(view(250.0), Script("one", "two", "."), save)  # type: ignore[arg-type]
    assert answer == "one\ntwo"
    assert drafts == ["one", "one\ntwo"]


def test_the_warning_line_shows_once_eighty_percent_is_used(
    capsys: pytest.CaptureFixture[str],
) -> None:
    read_text_answer(view(55.0), Script("a", "b", "."), lambda _t: {"seconds_left": 50.0})  # type: ignore[arg-type]
    out = capsys.readouterr().out
    assert out.count("Warning: 80% of this time box is used") == 1


def test_time_out_submits_what_was_typed(capsys: pytest.CaptureFixture[str]) -> None:
    answer = read_text_answer(
        view(0.0, draft="saved earlier"), Script(None), lambda _t: {"seconds_left": 0.0}
    )  # type: ignore[arg-type]
    assert answer == "saved earlier"
    assert "Time is up" in capsys.readouterr().out


def test_a_heartbeat_keeps_the_session_informed_while_nobody_types() -> None:
    beats: list[str] = []

    def save(text: str) -> dict[str, Any]:
        beats.append(text)
        return {"seconds_left": 100.0}

    script = Script(None, None, "done", ".")
    assert read_text_answer(view(120.0), script, save) == "done"  # type: ignore[arg-type]
    assert beats == ["", "", "done"]
    assert all(t <= 60.0 for t in script.timeouts)  # woken for the warning or a heartbeat


def test_a_coding_turn_submits_the_file_on_enter(tmp_path: Path) -> None:
    path = tmp_path / "softmax.py"
    path.write_text("def softmax(x):\n    return x\n", encoding="utf-8")
    saved: list[str] = []
    code = read_code_answer(
        view(600.0, workspace_file=str(path)),
        Script(""),
        lambda t: saved.append(t) or {"seconds_left": 500.0},
    )  # type: ignore[arg-type, func-returns-value]
    assert code == "def softmax(x):\n    return x\n"


def test_terminal_input_reads_lines_with_a_timeout() -> None:
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "r") as stream:
        reader = TerminalInput(stream)
        os.write(write_end, b"first\nsecond\npart")
        assert reader.read_line(1.0) == "first"
        assert reader.read_line(1.0) == "second"
        assert reader.read_line(0.05) is None  # "part" has no newline yet
        os.close(write_end)
        assert reader.read_line(1.0) == "part"
        with pytest.raises(EOFError):
            reader.read_line(1.0)


def test_ctrl_d_on_a_terminal_ends_one_answer_not_the_interview() -> None:
    leader, follower = pty.openpty()
    with os.fdopen(follower, "r") as stream:
        reader = TerminalInput(stream)
        os.write(leader, b"first answer\n")
        assert reader.read_line(1.0) == "first answer"
        os.write(leader, b"\x04")  # Ctrl-D at the start of a line
        with pytest.raises(EOFError):
            reader.read_line(1.0)
        os.write(leader, b"next answer\n")
        assert reader.read_line(1.0) == "next answer"
    os.close(leader)


# --- a real kill -9 in the middle of an answer -------------------------------------------


def mlcoach() -> str:
    return str(Path(sys.executable).parent / "mlcoach")


def current_draft(settings: Settings) -> tuple[str, int, str] | None:
    """(session id, position, draft) of the running session, read straight from the database."""
    coach = Coach(settings)
    with coach.learner() as (session, _user):
        row = session.query(InterviewSession).one_or_none()
        if row is None:
            return None
        state = row.state
    position = int(state["position"])
    if position >= len(state["turns"]):
        return None
    return row.id, position, str(state["turns"][position]["draft"])


def wait_for(check: Any, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"gave up after {seconds} s")


@pytest.fixture()
def sitting(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Settings]]:
    data = tmp_path / "killed"
    # os.environ holds no other MLCOACH_ setting: the autouse `environment` cleared them
    env = {**os.environ, "MLCOACH_DATA_DIR": str(data), "MLCOACH_CONTENT_DIR": str(SHIPPED)}
    log = (tmp_path / "out.txt").open("wb")
    process = subprocess.Popen(
        [mlcoach(), "interview", "start", "phone-screen", "--seed", "1"],
        stdin=subprocess.PIPE,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        yield process, Settings(data_dir=data, content_dir=SHIPPED)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        if process.stdin is not None:
            process.stdin.close()
        log.close()


@pytest.mark.slow
def test_kill_9_mid_answer_then_resume_loses_nothing(
    sitting: tuple[subprocess.Popen[bytes], Settings],
) -> None:
    process, settings = sitting
    assert process.stdin is not None
    intro = "At my last job I explained our churn model to the sales leads.\nThey adopted it."
    process.stdin.write(f"{intro}\n.\n".encode())
    process.stdin.flush()
    # the intro is graded by the real model; then the next turn waits for its answer
    wait_for(lambda: (d := current_draft(settings)) and d[1] >= 1 and d, 240)
    process.stdin.write(b"Bagging averages many trees.\nEach tree sees a bootstrap sample.\n")
    process.stdin.flush()
    session_id, position, draft = wait_for(
        lambda: (d := current_draft(settings)) and "bootstrap sample" in d[2] and d, 60
    )
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    coach = build_coach(settings, system_clock)  # the clock the killed process ran on
    resumed = service.resume(coach)
    assert resumed["session_id"] == session_id and resumed["status"] == "running"
    assert resumed["turn"]["turn_index"] == position
    assert (
        resumed["turn"]["draft"]
        == draft
        == "Bagging averages many trees.\nEach tree sees a bootstrap sample."
    )
    assert resumed["turn"]["seconds_left"] > 0
    assert resumed["answers"][0]["answer"] == intro
    assert service.answers(coach, session_id)[0]["answer"] == intro
    # the session continues from that turn
    service.submit(coach, session_id, resumed["turn"]["draft"] + "\nThe votes are averaged.")
    assert service.current(coach, session_id)["turn_index"] == position + 1
