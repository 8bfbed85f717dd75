"""`mlcoach export` and `mlcoach import-progress` on temporary databases."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlcoach.cli import data as data_cli
from mlcoach.storage.repositories import add_attempt
from support import Clock, UseCoach, flat
from support import run_cli as run

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def environment(cli_environment: None, use_coach: UseCoach) -> None:
    use_coach(data_cli, clock=Clock(NOW))


def use_database(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("MLCOACH_DATA_DIR", str(folder))


def add_progress(answer: str = "Dropout drops units at random 🎲") -> None:
    with data_cli.coach_from_env().learner() as (session, user):
        user.hours_per_week = 4.5
        add_attempt(
            session,
            user,
            item_id="dropout-regularization",
            item_kind="concept",
            answer=answer,
            now=NOW,
            score=72.5,
            result={"feedback": "ok"},
        )


def test_export_then_import_into_another_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_progress()
    path = tmp_path / "me.json"
    result = run("export", str(path))
    assert result.exit_code == 0, result.output
    assert f"Exported to {path}: 1 attempts" in flat(result.stdout)
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["attempts"][0]["answer"] == "Dropout drops units at random 🎲"

    use_database(monkeypatch, tmp_path / "second")
    result = run("import-progress", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["imported"]["attempts"] == 1
    again = tmp_path / "again.json"
    assert run("export", str(again)).exit_code == 0
    assert json.loads(again.read_text(encoding="utf-8")) == exported


def test_export_never_overwrites_without_force(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text("precious", encoding="utf-8")
    result = run("export", str(path))
    assert result.exit_code == 2
    assert "already exists; pass --force" in flat(result.stderr)
    assert path.read_text(encoding="utf-8") == "precious"
    result = run("export", str(path), "--force", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["path"] == str(path)
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "mlcoach-export"


def test_import_refuses_existing_data_unless_replace(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_progress("first database")
    path = tmp_path / "me.json"
    assert run("export", str(path)).exit_code == 0
    use_database(monkeypatch, tmp_path / "second")
    add_progress("second database")
    result = run("import-progress", str(path))
    assert result.exit_code == 2
    assert "already has data (1 attempts)" in flat(result.stderr)
    assert "--replace" in flat(result.stderr)
    result = run("import-progress", str(path), "--replace")
    assert result.exit_code == 0, result.output
    assert "(replaced your records)" in flat(result.stdout)
    check = tmp_path / "check.json"
    assert run("export", str(check)).exit_code == 0
    answers = [a["answer"] for a in json.loads(check.read_text(encoding="utf-8"))["attempts"]]
    assert answers == ["first database"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{not json", "not valid JSON"),
        (
            '{"format": "mlcoach-export", "format_version": 1, "user": {}}',
            "user.name: Field required",
        ),
    ],
)
def test_bad_files_exit_2_and_change_nothing(
    tmp_path: Path, content: str | None, message: str
) -> None:
    add_progress()
    path = tmp_path / "in.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run("import-progress", str(path), "--replace")
    assert result.exit_code == 2
    assert message in flat(result.stderr)
    assert "Traceback" not in result.output
    with data_cli.coach_from_env().learner() as (_, user):
        assert user.hours_per_week == 4.5


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_export_into_a_folder_names_it_and_writes_nothing(tmp_path: Path, force: list[str]) -> None:
    result = run("export", str(tmp_path), *force)
    assert result.exit_code == 2
    assert f"{tmp_path} is a folder; give a file name" in flat(result.stderr)
    assert "Traceback" not in result.output
    assert list(tmp_path.parent.glob("*.partial")) == []


def test_import_from_a_folder_names_it(tmp_path: Path) -> None:
    result = run("import-progress", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path} is a folder" in flat(result.stderr)
