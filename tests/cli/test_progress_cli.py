"""`mlcoach progress` wording: counts read as English ("1 day", "2 days")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mlcoach.cli import practice as practice_cli
from mlcoach.cli import progress as progress_cli
from support import Clock, UseCoach, flat
from support import run_cli as run

NOW = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
ANSWER = "Precision is the share of predicted positives that are truly positive.\n"


@pytest.fixture(autouse=True)
def environment(
    cli_environment: None, use_coach: UseCoach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLCOACH_TIMEZONE", "UTC")
    use_coach(practice_cli, progress_cli, clock=Clock(NOW))


def test_streak_says_days_in_words() -> None:
    assert "Streak: 0 days, longest 0 days (not yet today)" in flat(run("progress").stdout)
    practised = run("practice", "--kind", "concept", "--limit", "1", input=ANSWER + ".\n.\n3\n")
    assert practised.exit_code == 0, practised.output
    result = run("progress")
    assert result.exit_code == 0, result.output
    assert "Streak: 1 day, longest 1 day (practised today)" in flat(result.stdout)
