"""Fixtures for the service tests: coaches over a private data folder, on a clock the test moves.

A module says what differs instead of copying a fixture: another starting moment with
`pytestmark = pytest.mark.clock_starts(moment)`, another learner by overriding `make_coach` with
the shared one given its own defaults, e.g. `partial(make_coach, timezone="America/Los_Angeles")`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mlcoach.services.coach import Coach
from mlcoach.settings import Settings
from support import FIXTURE_BANK, Clock, MakeCoach, build_coach, clear_settings_environment


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "clock_starts(moment): the aware datetime the `clock` fixture starts at"
    )


@pytest.fixture()
def clock(request: pytest.FixtureRequest) -> Clock:
    """The clock every coach of a test reads: it starts at support.NOW, or at the moment of the
    nearest `clock_starts` mark, and moves only when the test moves it."""
    mark = request.node.get_closest_marker("clock_starts")
    return Clock(mark.args[0]) if mark else Clock()


@pytest.fixture()
def make_coach(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> MakeCoach:
    """Builds coaches on the fixture bank (or `content`) with the fast embedder. They share
    `tmp_path/data` unless given `data_dir`, so a second coach sees what the first stored, as
    after a restart; any other keyword is a Settings field, and none comes from the shell."""
    clear_settings_environment(monkeypatch)

    def make(
        content: Path = FIXTURE_BANK, *, data_dir: Path | None = None, **settings: Any
    ) -> Coach:
        folder = tmp_path / "data" if data_dir is None else data_dir
        return build_coach(Settings(data_dir=folder, content_dir=content, **settings), clock)

    return make


@pytest.fixture()
def coach(make_coach: MakeCoach) -> Coach:
    return make_coach()
