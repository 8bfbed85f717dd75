"""Unusable MLCOACH_ settings end a command with exit 2 and one `error:` line per variable,
naming it and the fix, never a traceback or pydantic's own report."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import Result

from mlcoach.settings import SettingsError, get_settings
from support import run_cli as run

pytestmark = pytest.mark.usefixtures("cli_environment")


def says(result: Result, text: str) -> bool:
    """`text` is in the output however the terminal width broke its lines (long paths too)."""
    return "".join(text.split()) in "".join(result.output.split())


@pytest.fixture()
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder\n", encoding="utf-8")
    return path


def assert_clean_exit_2(result: Result) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a caught crash
    assert "Traceback" not in result.output and "errors.pydantic.dev" not in result.output


def test_a_data_dir_that_is_a_file(monkeypatch: pytest.MonkeyPatch, a_file: Path) -> None:
    monkeypatch.setenv("MLCOACH_DATA_DIR", str(a_file))
    result = run("progress")
    assert_clean_exit_2(result)
    assert says(result, f"error: MLCOACH_DATA_DIR={a_file} is a file; point MLCOACH_DATA_DIR at")


def test_a_data_dir_inside_a_file(monkeypatch: pytest.MonkeyPatch, a_file: Path) -> None:
    monkeypatch.setenv("MLCOACH_DATA_DIR", str(a_file / "mlcoach"))
    result = run("progress")
    assert_clean_exit_2(result)
    assert says(result, f"MLCOACH_DATA_DIR={a_file / 'mlcoach'} cannot be created: {a_file} is a")


def test_a_workspace_dir_that_is_a_file(monkeypatch: pytest.MonkeyPatch, a_file: Path) -> None:
    monkeypatch.setenv("MLCOACH_WORKSPACE_DIR", str(a_file))
    result = run("challenge", "start", "softmax")
    assert_clean_exit_2(result)
    assert says(result, f"MLCOACH_WORKSPACE_DIR={a_file} is a file; point MLCOACH_WORKSPACE_DIR")


@pytest.mark.parametrize("where", ["missing", "notes.txt"])
def test_a_content_dir_that_is_not_a_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, a_file: Path, where: str
) -> None:
    content = tmp_path / where
    monkeypatch.setenv("MLCOACH_CONTENT_DIR", str(content))
    result = run("content", "stats")
    assert_clean_exit_2(result)
    what = "is a file" if content.exists() else "does not exist"
    assert says(result, f"MLCOACH_CONTENT_DIR={content} {what}; point it at a content folder")


def test_every_bad_number_gets_its_own_line_with_the_valid_range(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLCOACH_NEW_CARDS_PER_DAY", "abc")
    monkeypatch.setenv("MLCOACH_PORT", "0")
    result = run("progress")
    assert_clean_exit_2(result)
    assert result.output.count("error: ") == 2
    assert says(
        result,
        "error: MLCOACH_NEW_CARDS_PER_DAY='abc' is not a whole number from 0 to 1000; "
        "use e.g. MLCOACH_NEW_CARDS_PER_DAY=10",
    )
    assert says(result, "error: MLCOACH_PORT='0' is not a whole number from 1 to 65535")


def test_settings_error_lists_one_problem_per_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLCOACH_NEW_CARDS_PER_DAY", "1001")
    monkeypatch.setenv("MLCOACH_PORT", "http")
    with pytest.raises(SettingsError) as raised:
        get_settings()
    names = [problem.split("=", 1)[0] for problem in raised.value.problems]
    assert names == ["MLCOACH_NEW_CARDS_PER_DAY", "MLCOACH_PORT"]
    assert str(raised.value).splitlines() == list(raised.value.problems)


def test_good_settings_pass_through(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLCOACH_DATA_DIR", str(tmp_path / "new" / "data"))  # created later
    monkeypatch.setenv("MLCOACH_NEW_CARDS_PER_DAY", "0")
    settings = get_settings()
    assert settings.data_dir == tmp_path / "new" / "data" and settings.new_cards_per_day == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "MLCOACH_DATABASE_URL is not a database URL; use e.g. postgresql+psycopg://"),
        ("foo://me:secret@db/x", "MLCOACH_DATABASE_URL=foo://me:***@db/x: unknown database kind"),
    ],
)
def test_a_database_url_that_cannot_work(
    monkeypatch: pytest.MonkeyPatch, url: str, message: str
) -> None:
    monkeypatch.setenv("MLCOACH_DATABASE_URL", url)
    result = run("progress")
    assert_clean_exit_2(result)
    assert says(result, message) and "secret" not in result.output
