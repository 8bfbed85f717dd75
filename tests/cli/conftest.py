"""Fixtures for the CLI tests: a clean environment over the fixture bank, and the commands'
Coach on the test's clock with the fast embedder.

A module opts in with `pytestmark = pytest.mark.usefixtures("cli_environment")` (or by asking
for it in its own autouse fixture) and adds what differs, such as MLCOACH_TIMEZONE.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest

from mlcoach.services.coach import Coach
from mlcoach.settings import get_settings
from support import FIXTURE_BANK, UseCoach, build_coach, clear_settings_environment


@pytest.fixture()
def cli_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No MLCOACH_ setting from the shell; the fixture bank and a data folder of the test's own."""
    clear_settings_environment(monkeypatch)
    monkeypatch.setenv("MLCOACH_CONTENT_DIR", str(FIXTURE_BANK))
    monkeypatch.setenv("MLCOACH_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture()
def use_coach(monkeypatch: pytest.MonkeyPatch) -> UseCoach:
    """Makes the given CLI modules build their Coach from the environment on `clock`, with the
    fast embedder; returns that builder, for tests that look in the database themselves."""

    def use(*modules: ModuleType, clock: Callable[[], datetime]) -> Callable[[], Coach]:
        def coach() -> Coach:
            return build_coach(get_settings(), clock)

        for module in modules:
            monkeypatch.setattr(module, "coach_from_env", coach)
        return coach

    return use
