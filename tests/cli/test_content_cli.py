"""`mlcoach content ...`, `mlcoach db upgrade` and `mlcoach version` on the fixture bank."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mlcoach import __version__
from mlcoach.storage.db import make_engine
from mlcoach.storage.migrate import current_revision, head_revision
from support import copy_fixture_bank, flat
from support import run_cli as run

ALL_IDS = [
    "bias-variance-tradeoff",
    "dropout-regularization",
    "email-spam-filter",
    "precision-recall",
    "subscription-churn",
    "teammate-disagreement",
]


pytestmark = pytest.mark.usefixtures("cli_environment")


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- content check -----------------------------------------------------------------------------


def test_check_passes_on_the_fixture_bank() -> None:
    result = run("content", "check", "--static-only")
    assert result.exit_code == 0, result.output
    assert "content OK" in result.stdout
    assert "6 items, 1 blueprints" in flat(result.stdout)


def test_full_check_on_a_bank_without_challenges() -> None:
    result = run("content", "check")
    assert result.exit_code == 0, result.output
    assert "0 challenges verified in the sandbox" in flat(result.stdout)


def test_check_json_on_the_fixture_bank() -> None:
    data = run_json("content", "check", "--static-only")
    assert data == {
        "ok": True,
        "items": 6,
        "blueprints": 1,
        "challenges_verified": 0,
        "problems": [],
    }


@pytest.fixture
def broken_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_fixture_bank(tmp_path)
    path = root / "questions" / "deep-learning" / "dropout-regularization.md"
    path.write_text(path.read_text(encoding="utf-8").replace("difficulty: 3\n", ""), "utf-8")
    (root / "notes.txt").write_text("stray\n", encoding="utf-8")
    monkeypatch.setenv("MLCOACH_CONTENT_DIR", str(root))
    return root


def test_check_fails_with_path_field_lines(broken_bank: Path) -> None:
    result = run("content", "check", "--static-only")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "content/questions/deep-learning/dropout-regularization.md:difficulty: "
        "Field required (add this field)"
    ) in lines
    assert any(line.startswith("content/notes.txt:(file): stray file") for line in lines)
    assert "2 problem(s)" in result.stderr


def test_check_json_lists_problems(broken_bank: Path) -> None:
    result = run("content", "check", "--static-only", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert {(p["path"], p["field"]) for p in data["problems"]} == {
        ("content/questions/deep-learning/dropout-regularization.md", "difficulty"),
        ("content/notes.txt", "(file)"),
    }
    assert data["items"] == 5


# --- content list / show / stats -------------------------------------------------------------


def test_list_json_everything() -> None:
    rows = run_json("content", "list")
    assert [row["id"] for row in rows] == ALL_IDS
    dropout = next(row for row in rows if row["id"] == "dropout-regularization")
    assert dropout == {
        "id": "dropout-regularization",
        "kind": "concept",
        "topic": "deep-learning",
        "subtopic": "dropout",
        "difficulty": 3,
        "companies": ["amazon", "google"],
        "title": "How does dropout regularize a neural network, and what happens at inference time?",
        "path": "bank/questions/deep-learning/dropout-regularization.md",
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            ["--kind", "concept"],
            ["bias-variance-tradeoff", "dropout-regularization", "precision-recall"],
        ),
        (["--kind", "case"], ["subscription-churn"]),
        (["--topic", "ml-fundamentals"], ["bias-variance-tradeoff", "precision-recall"]),
        (["--topic", "system-design"], ["email-spam-filter"]),
        (
            ["--company", "google"],
            ["bias-variance-tradeoff", "dropout-regularization", "email-spam-filter"],
        ),
        (["--difficulty", "1"], ["precision-recall"]),
        (
            ["--kind", "concept", "--company", "google", "--difficulty", "3"],
            ["dropout-regularization"],
        ),
        (["--kind", "case", "--difficulty", "1"], []),
    ],
)
def test_list_json_filters(filters: list[str], expected: list[str]) -> None:
    assert [row["id"] for row in run_json("content", "list", *filters)] == expected


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "--kind",
            "--kind nope: unknown kind; choose one of behavioral, case, challenge, concept, design",
        ),
        (
            "--topic",
            "--topic nope: unknown topic; choose one of behavioral, case-study, "
            "deep-learning, ml-fundamentals, system-design",
        ),
        ("--company", "--company nope: unknown company; choose one of amazon, google, meta"),
    ],
)
def test_list_names_an_unknown_filter_and_the_valid_choices(option: str, message: str) -> None:
    result = run("content", "list", option, "nope")
    assert result.exit_code == 2 and result.stdout == ""
    assert flat(result.stderr) == f"error: {message}"


def test_list_rejects_out_of_range_difficulty() -> None:
    result = run("content", "list", "--difficulty", "9")
    assert result.exit_code == 2


def test_list_table() -> None:
    result = run("content", "list", "--kind", "design")
    assert result.exit_code == 0, result.output
    assert "1 items" in result.stdout
    assert "email-spam-filter" in result.stdout


def test_show_json() -> None:
    data = run_json("content", "show", "dropout-regularization")
    assert data["id"] == "dropout-regularization"
    assert data["path"] == "bank/questions/deep-learning/dropout-regularization.md"
    assert [p["weight"] for p in data["key_points"]] == [2.0, 1.0, 1.0, 3.0, 1.0]
    assert data["follow_ups"] == ["Why can dropout and batch normalization interact badly?"]


def test_show_design_as_markdown() -> None:
    result = run("content", "show", "email-spam-filter")
    assert result.exit_code == 0, result.output
    assert "Spam filtering for a consumer email service" in result.stdout
    assert "Serving" in result.stdout


def test_show_unknown_id() -> None:
    result = run("content", "show", "no-such-item")
    assert result.exit_code == 2
    message = flat(result.stderr)
    assert "no item 'no-such-item' in the bank or in your decks" in message
    assert "`mlcoach content list` lists the bank's ids" in message
    assert "`mlcoach decks show DECK` a deck's" in message
    assert result.stdout == ""


def test_stats_json() -> None:
    data = run_json("content", "stats")
    assert data["total"] == 6
    assert data["by_kind"] == {"behavioral": 1, "case": 1, "concept": 3, "design": 1}
    assert data["by_topic"] == {
        "behavioral": 1,
        "case-study": 1,
        "deep-learning": 1,
        "ml-fundamentals": 2,
        "system-design": 1,
    }
    assert data["by_subtopic"] == {
        "deep-learning/dropout": 1,
        "ml-fundamentals/bias-variance": 1,
        "ml-fundamentals/metrics": 1,
    }
    assert data["blueprints"] == ["mini-screen"]


def test_stats_table() -> None:
    result = run("content", "stats")
    assert result.exit_code == 0, result.output
    assert "6 items by kind" in result.stdout


# --- db, version ------------------------------------------------------------------------------


def test_db_upgrade_creates_the_database_in_the_data_dir(tmp_path: Path) -> None:
    result = run("db", "upgrade")
    assert result.exit_code == 0, result.output
    path = tmp_path / "data" / "mlcoach.sqlite3"
    assert path.is_file()
    assert f"empty -> {head_revision()}" in flat(result.stdout)
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    again = run("db", "upgrade")
    assert again.exit_code == 0, again.output
    assert f"{head_revision()} -> {head_revision()}" in flat(again.stdout)


def test_db_upgrade_honours_database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "elsewhere" / "coach.db"
    monkeypatch.setenv("MLCOACH_DATABASE_URL", f"sqlite:///{path}")
    result = run("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert path.is_file()
    assert not (tmp_path / "data" / "mlcoach.sqlite3").exists()


def test_version() -> None:
    result = run("version")
    assert result.exit_code == 0
    assert result.stdout.strip() == __version__
