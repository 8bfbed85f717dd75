"""`mlcoach practice` and `mlcoach progress` end to end with scripted input.

The command's Coach gets a fixed clock and the fast `HashingEmbedder` (the loop is the point
here; tests/services/test_practice.py has a real-model test).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mlcoach.cli import practice as practice_cli
from mlcoach.cli import progress as progress_cli
from mlcoach.judge import pool
from mlcoach.judge.fake import FakeExecutor
from mlcoach.storage.tables import Attempt, Card, ReviewLog
from support import SHIPPED, Clock, UseCoach, flat
from support import run_cli as run

NOW = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
ANSWER = "Precision is the share of predicted positives that are truly positive.\n"


@pytest.fixture(autouse=True)
def environment(
    cli_environment: None, use_coach: UseCoach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLCOACH_TIMEZONE", "America/Los_Angeles")
    use_coach(practice_cli, progress_cli, clock=Clock(NOW))


def rows(model: type[Any]) -> list[Any]:
    coach = practice_cli.coach_from_env()
    with coach.sessions() as session:
        return list(session.scalars(select(model)))


def test_practise_two_items_end_to_end() -> None:
    script = (
        ANSWER + ".\n"  # first answer
        "Moving the decision threshold trades precision against recall.\n.\n"  # follow-up
        "3\n"  # Good
         + ANSWER + ".\n"  # second answer
        ".\n"  # skip the follow-up
        "\n"  # Enter: the suggested rating
    )
    result = run("practice", "--topic", "ml-fundamentals", "--limit", "2", input=script)
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert out.count("Score ") == 2 and "Follow-up:" in out and "Model answer" in out
    assert "Rate: 1 Again 1 min 2 Hard 6 min 3 Good 10 min 4 Easy 8 days" in out
    assert "Saved: Good, next in 10 min (Tue 10 Mar 11:10)" in out  # local time
    assert "Practised 2 items" in out
    cards = rows(Card)
    assert {c.item_id for c in cards} == {"precision-recall", "bias-variance-tradeoff"}
    logs = rows(ReviewLog)
    assert len(logs) == 2 and 3 in {log.rating for log in logs}
    assert all(log.suggested_rating in (1, 2, 3, 4) for log in logs)
    assert len(rows(Attempt)) == 2  # the follow-up answer is not stored as an attempt


def test_covered_and_missed_points_and_what_the_follow_up_added() -> None:
    script = ANSWER + ".\nMoving the decision threshold trades one against the other.\n.\n3\n"
    result = run("practice", "--topic", "ml-fundamentals", "--limit", "1", input=script)
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "✓" in out and "✗ missed:" in out
    assert "+ Moving the decision threshold trades one against the other" in out


def test_q_quits_cleanly_with_a_summary_and_saves_nothing() -> None:
    result = run("practice", input="q\n")
    assert result.exit_code == 0, result.output
    assert "Nothing rated this time." in result.stdout
    assert rows(Card) == []


def test_end_of_input_before_an_answer_quits_too() -> None:
    result = run("practice", input="")
    assert result.exit_code == 0 and "Nothing rated this time." in result.stdout


def test_s_skips_an_item_without_rating_it() -> None:
    result = run("practice", "--kind", "concept", "--limit", "2", input="s\nq\n")
    assert result.exit_code == 0 and rows(Card) == []
    assert "2/2" in result.stdout


def test_q_at_the_follow_up_quits_at_once_without_rating() -> None:
    script = "I do not know.\n.\nq\n1\nno idea\n.\n.\n1\n"  # the rest must go unread
    result = run("practice", "--kind", "concept", "--limit", "3", input=script)
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Follow-up:" in out and "Not rated: this item's schedule is unchanged" in out
    assert "Model answer" not in out and "Rate:" not in out
    assert "It comes back later" not in out and "Nothing rated this time." in out
    assert out.count(" · new") == 1  # the session ended: no second item
    assert rows(Card) == [] and rows(ReviewLog) == []
    assert len(rows(Attempt)) == 1  # the graded answer stays in the history


def test_s_at_the_follow_up_skips_only_the_follow_up() -> None:
    result = run("practice", "--kind", "concept", "--limit", "1", input=ANSWER + ".\ns\n2\n")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Follow-up:" in out and "Model answer" in out and "Saved: Hard" in out
    assert [log.rating for log in rows(ReviewLog)] == [2]


def test_end_of_input_at_the_rating_prompt_saves_no_rating() -> None:
    result = run("practice", "--kind", "concept", "--limit", "3", input=ANSWER + ".\n.\n")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Rate:" in out and "Not rated: this item's schedule is unchanged" in out
    assert "Saved:" not in out and "Nothing rated this time." in out
    assert rows(Card) == [] and rows(ReviewLog) == []


def test_end_of_input_at_the_follow_up_saves_no_rating_either() -> None:
    result = run("practice", "--kind", "concept", "--limit", "1", input=ANSWER + ".\n")
    assert result.exit_code == 0, result.output
    assert "Not rated" in flat(result.stdout) and rows(Card) == []


def test_an_item_rated_again_comes_back_in_the_same_session() -> None:
    script = ANSWER + ".\n.\n1\n" + "q\n"  # answer, skip follow-up, Again, then quit
    result = run("practice", "--kind", "concept", "--limit", "1", input=script)
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "It comes back later in this session." in out
    assert out.count("concept · ") == 2  # shown twice
    assert out.count(" · new ") == 1 and " · review " in out  # the second time it is a review
    [log] = rows(ReviewLog)
    assert log.rating == 1


def test_a_bad_rating_is_asked_again() -> None:
    script = ANSWER + ".\n.\nbrilliant\n4\n"
    result = run("practice", "--kind", "concept", "--limit", "1", input=script)
    assert result.exit_code == 0, result.output
    assert "unknown rating 'brilliant'" in flat(result.output)
    assert [log.rating for log in rows(ReviewLog)] == [4]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--topic", "astrology"), "--topic astrology: unknown topic; choose one of behavioral"),
        (("--company", "initech"), "--company initech: unknown company; choose one of amazon"),
        (("--kind", "essay"), "--kind essay: unknown kind; choose one of behavioral, case"),
    ],
)
def test_unknown_options_exit_2_and_list_the_valid_values(
    args: tuple[str, ...], expected: str
) -> None:
    result = run("practice", *args)
    assert result.exit_code == 2
    assert expected in flat(result.output)


def test_an_empty_queue_says_when_the_next_review_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLCOACH_NEW_CARDS_PER_DAY", "1")
    first = run("practice", input=ANSWER + ".\n.\n2\n")
    assert first.exit_code == 0, first.output
    result = run("practice")
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "Nothing is due right now." in out and "Today's new items are done" in out
    assert "Next review: Tue 10 Mar 11:05 (local time)." in out


def test_no_matching_item_is_said_plainly() -> None:
    result = run("practice", "--kind", "challenge")
    assert result.exit_code == 0 and "No item matches these filters" in result.stdout


def test_a_challenge_is_judged_from_the_workspace_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MLCOACH_CONTENT_DIR", str(SHIPPED))
    monkeypatch.setattr(pool, "ZygoteExecutor", lambda size=None: FakeExecutor())
    coach = practice_cli.coach_from_env()
    for challenge in coach.bank.challenges():  # our solutions, already "written" by the learner
        path = tmp_path / "data" / "workspace" / challenge.id / "solution.py"
        path.parent.mkdir(parents=True)
        path.write_text(challenge.solution, encoding="utf-8")
    result = run("practice", "--kind", "challenge", "--limit", "1", input="\n\n")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "(your earlier work, kept)" in out and "AC " in out
    assert "(Enter = Good)" in out and "Saved: Good" in out
    [card] = rows(Card)
    assert card.item_kind == "challenge"


def test_judging_the_untouched_starter_keeps_the_solution_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLCOACH_CONTENT_DIR", str(SHIPPED))
    monkeypatch.setattr(pool, "ZygoteExecutor", lambda size=None: FakeExecutor())
    result = run("practice", "--kind", "challenge", "--limit", "1", input="\n1\n")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Our solution stays hidden until you judge code of your own" in out
    assert "```python" not in out and "Saved: Again" in out


def test_ctrl_c_exits_130_without_a_worker_traceback(tmp_path: Path) -> None:
    """A real process and a real SIGINT to its process group, as a terminal's Ctrl-C sends,
    while the judge's worker waits for the next submission."""
    env = {**os.environ, "MLCOACH_CONTENT_DIR": str(SHIPPED)}  # data: the test's own folder
    log_path = tmp_path / "out.txt"
    with (
        log_path.open("wb") as log,
        subprocess.Popen(
            [str(Path(sys.executable).parent / "mlcoach"), "practice", "--kind", "challenge"],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group, like a terminal's foreground job
        ) as process,
    ):
        try:
            assert process.stdin is not None
            process.stdin.write(b"\n")  # judge the starter as it is
            process.stdin.flush()
            wait_for(lambda: "Rate:" in log_path.read_text(), 240)
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    out = flat(log_path.read_text())
    assert process.returncode == 130, out
    assert "KeyboardInterrupt" not in out and "zygote.py" not in out  # the learner's own is shown
    assert "Not rated" in out and "Interrupted: the ratings given so far are saved." in out
    assert rows(Card) == [] and len(rows(Attempt)) == 1


def wait_for(check: Callable[[], bool], seconds: float) -> None:
    """Poll until `check` holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {seconds} s")
        time.sleep(0.2)


def test_progress_json_shape() -> None:
    run("practice", "--kind", "concept", "--limit", "1", input=ANSWER + ".\n.\n3\n")
    result = run("progress", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) >= {"topics", "streak", "weakest_topics", "due", "readiness"}
    assert report["streak"]["current"] == 1
    assert report["totals"]["reviews"] == 1
    assert set(report["readiness"]) == {"technical", "communication", "experience", "culture"}


def test_progress_table() -> None:
    result = run("progress")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Readiness –/100" in out and "Mastery per topic" in out and "Streak: 0 days" in out


def test_a_bad_time_zone_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLCOACH_TIMEZONE", "Mars/Olympus")
    for command in ("practice", "progress"):
        result = run(command)
        assert result.exit_code == 2 and "MLCOACH_TIMEZONE" in flat(result.output)
