"""`mlcoach challenge ...` refusals: each names what is wrong and the fix, exit 2, before any
judging (so no sandbox starts here; tests/judge covers the verdicts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import Result

from mlcoach.cli import challenge as challenge_cli
from support import CHALLENGES, NOW, Clock, UseCoach, copy_fixture_bank, flat
from support import run_cli as run


@pytest.fixture(autouse=True)
def environment(
    cli_environment: None, use_coach: UseCoach, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The fixture bank plus one shipped challenge (the fixture bank has none)."""
    content = copy_fixture_bank(tmp_path)
    shutil.copytree(CHALLENGES / "softmax", content / "challenges" / "softmax")
    monkeypatch.setenv("MLCOACH_CONTENT_DIR", str(content))
    use_coach(challenge_cli, clock=Clock(NOW))


def squashed(text: str) -> str:
    """Without whitespace: the terminal width may break a long path anywhere."""
    return "".join(text.split())


def assert_refused(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a caught crash
    assert squashed(message) in squashed(result.output)


def test_list_titles_count_in_words() -> None:
    result = run("challenge", "list")
    assert result.exit_code == 0, result.output
    assert "1 challenge " in result.output and "softmax" in result.output


def test_list_refuses_an_unknown_topic_naming_the_choices() -> None:
    result = run("challenge", "list", "--topic", "nope")
    assert_refused(result, "--topic nope: unknown topic; choose one of behavioral, case-study,")
    assert "deep-learning" in flat(result.output)


def test_list_accepts_a_known_topic_without_challenges() -> None:
    result = run("challenge", "list", "--topic", "behavioral", "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("command", ["check", "start", "hint", "solution"])
def test_an_unknown_challenge_is_named(command: str) -> None:
    assert_refused(run("challenge", command, "nope"), "no challenge 'nope'; run `mlcoach challenge")


def test_check_with_a_file_still_names_an_unknown_challenge(tmp_path: Path) -> None:
    answer = tmp_path / "answer.py"
    answer.write_text("def softmax(x):\n    return x\n", encoding="utf-8")
    assert_refused(run("challenge", "check", "nope", "--file", str(answer)), "no challenge 'nope'")


def test_check_refuses_a_folder_given_as_file(tmp_path: Path) -> None:
    result = run("challenge", "check", "softmax", "--file", str(tmp_path))
    assert_refused(result, f"--file {tmp_path} is a folder; pass the .py file to judge")
    assert "challenge start" not in result.output


def test_check_refuses_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.py"
    assert_refused(
        run("challenge", "check", "softmax", "--file", str(missing)), f"--file {missing}: no such"
    )


def test_check_without_a_workspace_copy_says_how_to_get_one() -> None:
    assert_refused(
        run("challenge", "check", "softmax"), "run `mlcoach challenge start softmax` or pass --file"
    )


def test_usage_names_the_argument_in_capitals() -> None:
    result = run("challenge", "check")
    assert result.exit_code == 2
    assert "challenge check [OPTIONS] {CHALLENGE_ID}" in result.output
    assert "Missing argument 'CHALLENGE_ID'" in result.output
