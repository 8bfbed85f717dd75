"""Helpers shared by test modules (on sys.path through pytest's `pythonpath = ["tests"]`).

Plain functions and types live here; fixtures live in the conftest.py of the folder that uses
them (tests/conftest.py for those used across folders) and build on these helpers.
"""

from __future__ import annotations

import importlib.util
import shutil
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import URL
from typer.testing import CliRunner, Result

from mlcoach.content import Bank, load_bank
from mlcoach.grading import HashingEmbedder
from mlcoach.services.coach import Coach
from mlcoach.services.imports import import_markdown
from mlcoach.settings import Settings

REPO = Path(__file__).resolve().parents[1]
FIXTURE_BANK = REPO / "tests" / "fixtures" / "bank"
SHIPPED = REPO / "content"
CHALLENGES = SHIPPED / "challenges"
NOW = datetime(2026, 4, 1, 8, 0, tzinfo=UTC)  # the moment a test's clock starts unless it says

MakeCoach = Callable[..., Coach]  # the services' `make_coach` fixture
NewDatabase = Callable[[], URL]  # the `new_postgres_database` fixture
UseCoach = Callable[..., Callable[[], Coach]]  # the CLI tests' `use_coach` fixture


class Clock:
    """A clock the test moves: set `now`, or `advance` it by some seconds."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@cache
def loaded_bank(root: Path) -> Bank:
    """A bank that no test edits, loaded once per run (a Bank is immutable, so tests share it)."""
    return load_bank(root).bank


def shipped_bank() -> Bank:
    return loaded_bank(SHIPPED)


def clear_settings_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No MLCOACH_ setting leaks into a test from the shell that runs it (the PostgreSQL test
    server's URL is not a setting, so it stays)."""
    prefix = Settings.model_config.get("env_prefix", "")
    for field in Settings.model_fields:
        monkeypatch.delenv(f"{prefix}{field}".upper(), raising=False)


def build_coach(settings: Settings, clock: Callable[[], datetime]) -> Coach:
    """A Coach on `clock` with the fast HashingEmbedder (a test of the real model deletes it:
    `del coach.__dict__["embedder"]`); the shipped and fixture banks are loaded only once."""
    coach = Coach(settings, clock=clock)
    coach.__dict__["embedder"] = HashingEmbedder()
    if settings.content_dir in (SHIPPED, FIXTURE_BANK):
        coach.__dict__["bank"] = loaded_bank(settings.content_dir)
    return coach


def import_notes(coach: Coach, folder: Path, notes: str, deck: str = "Notes") -> None:
    """Imports Markdown notes (dedented, written to `folder/notes.md`) as the learner's deck."""
    path = folder / "notes.md"
    path.write_text(textwrap.dedent(notes), encoding="utf-8")
    import_markdown(coach, path, deck=deck)


def copy_fixture_bank(tmp_path: Path) -> Path:
    """A private copy of the fixture bank, named `content/` so problem paths start there."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_BANK, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file; fails loudly when `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_solution(challenge_id: str, filename: str = "solution.py") -> ModuleType:
    """A challenge's reference file loaded as a fresh module."""
    path = CHALLENGES / challenge_id / filename
    name = f"ref_{challenge_id.replace('-', '_')}_{path.stem.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cli(*args: str, input: str | None = None) -> Result:
    """`mlcoach ARGS` in process, with `input` as standard input."""
    from mlcoach.cli.main import app  # the whole CLI: imported by the tests that use it

    return CliRunner().invoke(app, list(args), input=input)


def flat(text: str) -> str:
    """Rich wraps long lines; compare messages with whitespace collapsed."""
    return " ".join(text.split())
