"""The calendar export history travels with `mlcoach export` / `import-progress`.

A learner who moves to a new machine and rebuilds the plan there must still cancel the
sessions their calendar got from the old one.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from mlcoach.services import data, plan
from mlcoach.services.coach import Coach
from mlcoach.services.data_format import CALENDAR_SETTING, DataFileError
from mlcoach.storage.tables import User
from support import Clock, MakeCoach

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

pytestmark = pytest.mark.clock_starts(NOW)


@pytest.fixture()
def make_coach(make_coach: MakeCoach) -> MakeCoach:
    """A learner in Berlin; each machine is a data folder of its own (`data_dir`)."""
    return partial(make_coach, timezone="Europe/Berlin")


def vevents(path: Path) -> dict[str, Any]:
    return {str(e["UID"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def exported_after_one_calendar(old: Coach, ics: Path) -> dict[str, Any]:
    """What the old machine exports once it has written one calendar to `ics`."""
    plan.plan_ics(old, ics, interview_date="2026-03-30", hours_per_week=12)
    exported = data.export_user_data(old)
    assert exported["user"]["settings"][CALENDAR_SETTING]["events"]  # the history is in the file
    return json.loads(json.dumps(exported))


def test_history_survives_export_and_import_so_the_new_machine_cancels(
    make_coach: MakeCoach, clock: Clock, tmp_path: Path
) -> None:
    old = make_coach(data_dir=tmp_path / "old")
    ics = tmp_path / "plan.ics"
    exported = exported_after_one_calendar(old, ics)
    before = vevents(ics)
    clock.now = LATER
    new = make_coach(data_dir=tmp_path / "new")
    data.import_user_data(new, exported)
    assert data.export_user_data(new)["user"] == exported["user"]
    plan.plan_ics(new, ics, hours_per_week=3)
    after = vevents(ics)
    cancelled = {uid for uid, event in after.items() if event["STATUS"] == "CANCELLED"}
    assert cancelled and cancelled < set(before)
    for uid in cancelled:
        assert after[uid].decoded("SEQUENCE") > before[uid].decoded("SEQUENCE")


def test_a_broken_history_in_the_file_is_named_and_nothing_is_imported(
    make_coach: MakeCoach, tmp_path: Path
) -> None:
    old = make_coach(data_dir=tmp_path / "old")
    exported = exported_after_one_calendar(old, tmp_path / "plan.ics")
    events = exported["user"]["settings"][CALENDAR_SETTING]["events"]
    events[0]["sequence"] = -1
    events[1]["stamp"] = "2026-03-02T09:00:00"  # no zone
    new = make_coach(data_dir=tmp_path / "new")
    with pytest.raises(DataFileError) as raised:
        data.import_user_data(new, exported)
    problems = raised.value.problems
    assert [p.split(":")[0] for p in problems] == [
        f"user.settings.{CALENDAR_SETTING}.events[0].sequence",
        f"user.settings.{CALENDAR_SETTING}.events[1].stamp",
    ]
    assert all("(fix: keep it as `mlcoach export` wrote it, or remove it" in p for p in problems)
    with new.sessions() as session:
        assert session.scalars(select(User.interview_date)).all() in ([], [None])


def test_a_file_without_a_history_imports_and_the_first_export_starts_one(
    make_coach: MakeCoach, tmp_path: Path
) -> None:
    old = make_coach(data_dir=tmp_path / "old")
    exported = exported_after_one_calendar(old, tmp_path / "plan.ics")
    del exported["user"]["settings"][CALENDAR_SETTING]
    new = make_coach(data_dir=tmp_path / "new")
    data.import_user_data(new, exported)
    path = tmp_path / "fresh.ics"
    result = plan.plan_ics(new, path)
    assert result["ics"]["cancelled"] == 0
    assert {event.decoded("SEQUENCE") for event in vevents(path).values()} == {0}
