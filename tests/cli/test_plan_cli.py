"""`mlcoach plan` on the fixture bank, with the clock fixed through the command's Coach."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import Result

from mlcoach.cli import plan as plan_cli
from support import Clock, UseCoach, flat, run_cli

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def environment(
    cli_environment: None, use_coach: UseCoach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLCOACH_TIMEZONE", "Europe/London")
    use_coach(plan_cli, clock=Clock(NOW))


def run(*args: str) -> Result:
    return run_cli("plan", *args)


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_plan_prints_a_table_by_week_and_remembers_the_options() -> None:
    result = run("--interview-date", "2026-04-27", "--company", "google", "--hours-per-week", "5")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "56 days to your interview for Google (2026-04-27), 5 h a week, baseline plan" in out
    assert "Study plan" in out
    assert "Week 8:" in out
    again = run_json()
    assert (again["interview_date"], again["company"], again["hours_per_week"]) == (
        "2026-04-27",
        "google",
        5.0,
    )
    assert [w["phase"] for w in again["weeks"]][::2] == [
        "foundations",
        "technical-practice",
        "specialised-prep",
        "mock-interviews",
    ]


def test_plan_json_is_the_plan_as_data() -> None:
    data = run_json("--interview-date", "2026-03-23")
    assert data["mode"] == "compressed"
    assert data["today"] == "2026-03-02"
    assert sum(w["minutes"] for w in data["weeks"]) == 3 * 360
    session = data["weeks"][0]["sessions"][0]
    assert set(session) == {"date", "minutes", "phase", "activity", "topics", "item_ids"}


def test_plan_ics_writes_a_calendar(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    result = run("--interview-date", "2026-03-06", "--ics", str(path))
    assert result.exit_code == 0, result.output
    assert "crash plan" in flat(result.stdout)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert f"Wrote {len(events)} calendar events to" in flat(result.stdout)
    assert events[0]["DTSTART"].params["TZID"] == "Europe/London"


def test_plan_ics_says_how_many_dropped_sessions_it_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    first = run("--interview-date", "2026-03-30", "--hours-per-week", "12", "--ics", str(path))
    assert first.exit_code == 0, first.output
    assert "cancellation" not in first.stdout
    result = run("--hours-per-week", "3", "--ics", str(path), "--json")
    assert result.exit_code == 0, result.output
    count = json.loads(result.stdout)["ics"]["cancelled"]
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert count == sum(e["STATUS"] == "CANCELLED" for e in events) > 1
    shown = flat(run("--ics", str(path)).stdout)
    assert f"and {count} cancellations of dropped sessions to" in shown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--interview-date: none saved yet; give the date of your interview as YYYY-MM-DD"),
        (["--interview-date", "03/04/2026"], "--interview-date: '03/04/2026' is not a date"),
        (["--interview-date", "2026-03-01"], "--interview-date: 2026-03-01 is not after today"),
        (["--interview-date", "2026-03-02"], "is not after today (2026-03-02)"),
        (["--interview-date", "2026-05-01", "--company", "initech"], "--company: 'initech' is"),
        (["--interview-date", "2026-05-01", "--hours-per-week", "200"], "--hours-per-week: 200"),
        (["--interview-date", "2026-05-01", "--ics", "/no/such/dir/p.ics"], "does not exist"),
        (["--interview-date", "2026-05-01", "--ics", "."], "--ics: . is a folder; give a file"),
    ],
)
def test_bad_options_exit_2_naming_the_option(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in flat(result.stderr)
    assert "Traceback" not in result.output
