"""The plan use-cases on a temporary SQLite database with the fixture bank and a fixed clock."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select

from mlcoach.services import plan as service
from mlcoach.services.coach import Coach
from mlcoach.services.data_format import CALENDAR_SETTING
from mlcoach.storage.repositories import add_attempt
from mlcoach.storage.tables import User
from support import Clock, MakeCoach

# 23:30 UTC on 1 March is already 2 March in Berlin: "today" must be the learner's local date.
T0 = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
LOCAL_TODAY = date(2026, 3, 2)

pytestmark = pytest.mark.clock_starts(T0)


@pytest.fixture()
def make_coach(make_coach: MakeCoach) -> MakeCoach:
    """A learner in Berlin, unless a test says otherwise."""
    return partial(make_coach, timezone="Europe/Berlin")


def saved_user(coach: Coach) -> User:
    with coach.sessions() as session:
        return session.scalars(select(User)).one()


def test_first_plan_saves_the_profile_and_rebuilds_from_it(coach: Coach) -> None:
    first = service.make_plan(
        coach, interview_date="2026-04-27", company="Google", hours_per_week=5
    )
    assert first["today"] == LOCAL_TODAY.isoformat()
    assert first["days_left"] == 56
    assert first["mode"] == "baseline"
    assert (first["company"], first["company_name"]) == ("google", "Google")
    assert all(w["minutes"] == 300 for w in first["weeks"])
    user = saved_user(coach)
    assert (user.interview_date, user.target_company, user.hours_per_week) == (
        "2026-04-27",
        "google",
        5.0,
    )
    assert service.make_plan(coach) == first
    assert json.loads(json.dumps(first)) == first


def test_defaults_to_six_hours_and_options_change_one_thing_at_a_time(coach: Coach) -> None:
    plan = service.make_plan(coach, interview_date=date(2026, 3, 30))
    assert plan["hours_per_week"] == service.DEFAULT_HOURS_PER_WEEK
    assert plan["company"] is None
    plan = service.make_plan(coach, hours_per_week=3)
    assert (plan["interview_date"], plan["hours_per_week"]) == ("2026-03-30", 3.0)
    plan = service.make_plan(coach, company="meta")
    assert plan["company"] == "meta"
    assert service.make_plan(coach, company="")["company"] is None


def test_plan_follows_progress(coach: Coach) -> None:
    before = service.make_plan(coach, interview_date="2026-04-27")
    with coach.learner() as (session, user):
        for item_id in ("bias-variance-tradeoff", "precision-recall"):
            add_attempt(
                session, user, item_id=item_id, item_kind="concept", answer="…", now=T0, score=100
            )
    after = service.make_plan(coach)
    assert after["topic_weights"]["ml-fundamentals"] < before["topic_weights"]["ml-fundamentals"]
    assert after["topic_minutes"]["ml-fundamentals"] < before["topic_minutes"]["ml-fundamentals"]


def test_current_plan_shows_the_saved_plan_and_saves_nothing(coach: Coach) -> None:
    with pytest.raises(service.PlanError, match="none saved yet"):
        service.current_plan(coach)
    made = service.make_plan(coach, interview_date="2026-04-27")
    with coach.learner() as (_, user):
        user.hours_per_week = None  # as a profile saved before hours were asked
    assert service.current_plan(coach) == made  # the default hours, as make_plan used
    assert saved_user(coach).hours_per_week is None


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        ({}, "interview_date", "none saved yet; give the date of your interview"),
        ({"interview_date": "2026-03-02"}, "interview_date", "2026-03-02 is not after today"),
        ({"interview_date": "2026-02-01"}, "interview_date", "is not after today (2026-03-02)"),
        ({"interview_date": "next friday"}, "interview_date", "'next friday' is not a date"),
        ({"interview_date": "2026-05-01", "company": "acme"}, "company", "'acme' is not"),
        ({"interview_date": "2026-05-01", "hours_per_week": 0}, "hours_per_week", "0 is out of"),
        # a far date would build a plan of unbounded size: refused before anything is saved
        ({"interview_date": "9999-12-31"}, "interview_date", "9999-12-31 is more than 732 days"),
    ],
)
def test_bad_options_name_the_option_and_save_nothing(
    coach: Coach, options: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(service.PlanError, match=re.escape(message)) as raised:
        service.make_plan(coach, **options)
    assert raised.value.field == field
    assert "--" not in raised.value.message  # the shell names the option, in its own words
    with coach.sessions() as session:
        assert session.scalars(select(User.interview_date)).all() in ([], [None])


def test_a_saved_date_that_has_passed_asks_for_the_next_one(
    make_coach: MakeCoach, clock: Clock
) -> None:
    service.make_plan(make_coach(), interview_date="2026-03-10")
    clock.now = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
    with pytest.raises(service.PlanError, match="saved date 2026-03-10 has passed"):
        service.make_plan(make_coach())


def test_a_far_saved_date_from_an_older_version_is_explained(coach: Coach) -> None:
    with coach.learner() as (_, user):
        user.interview_date = "9999-12-31"
    for build in (service.make_plan, service.current_plan):
        with pytest.raises(service.PlanError, match="saved date 9999-12-31 is more"):
            build(coach)


def test_ics_export_writes_the_sessions(coach: Coach, tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    result = service.plan_ics(coach, path, interview_date="2026-03-20", hours_per_week=4)
    calendar = Calendar.from_ical(path.read_bytes())
    events = calendar.walk("VEVENT")
    sessions = [s for w in result["weeks"] for s in w["sessions"]]
    assert result["ics"] == {"path": str(path), "events": len(sessions), "cancelled": 0}
    assert len(events) == len(sessions) > 0
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert str(events[0]["UID"]) == "plan-local-20260302@mlcoach"
    # Exporting again replaces the file with the same events (same UIDs).
    service.plan_ics(coach, path)
    again = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in events]
    assert list(tmp_path.glob(".*partial")) == []


def vevents(path: Path) -> dict[str, Any]:
    """The file's events by UID, read back with icalendar."""
    return {str(e["UID"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_a_rebuilt_plan_cancels_the_sessions_it_dropped(
    make_coach: MakeCoach, clock: Clock, tmp_path: Path
) -> None:
    path = tmp_path / "plan.ics"
    service.plan_ics(make_coach(), path, interview_date="2026-03-30", hours_per_week=12)
    before = vevents(path)
    later = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    clock.now = later
    result = service.plan_ics(make_coach(), path, hours_per_week=3)
    after = vevents(path)
    planned = {
        f"plan-local-{s['date'].replace('-', '')}@mlcoach"
        for w in result["weeks"]
        for s in w["sessions"]
    }
    dropped = set(before) - planned
    assert dropped and set(after) == set(before)
    for uid in dropped:
        assert after[uid]["STATUS"] == "CANCELLED"
        assert after[uid].decoded("SEQUENCE") > before[uid].decoded("SEQUENCE")
        assert after[uid].decoded("DTSTAMP") == later
    assert {str(after[uid]["STATUS"]) for uid in planned} == {"CONFIRMED"}
    assert result["ics"]["cancelled"] == len(dropped)
    assert result["ics"]["events"] == len(planned)


def test_an_unchanged_re_export_writes_the_same_file(
    make_coach: MakeCoach, clock: Clock, tmp_path: Path
) -> None:
    path = tmp_path / "plan.ics"
    service.plan_ics(make_coach(), path, interview_date="2026-03-30")
    first = path.read_bytes()
    clock.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    service.plan_ics(make_coach(), path)
    assert path.read_bytes() == first


def test_the_history_is_saved_only_once_the_file_is_written(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.ics"
    service.plan_ics(coach, path, interview_date="2026-03-30", hours_per_week=12)
    saved = saved_user(coach).settings[CALENDAR_SETTING]

    def disk_full(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(service.PlanError, match="cannot write"):
        service.plan_ics(coach, path, hours_per_week=3)
    assert saved_user(coach).settings[CALENDAR_SETTING] == saved


def test_a_broken_saved_history_names_the_setting_and_the_fix(coach: Coach, tmp_path: Path) -> None:
    with coach.learner() as (_, user):
        user.settings = {"theme": "dark", CALENDAR_SETTING: {"events": [{"uid": 7}]}}
    with pytest.raises(service.PlanError) as raised:
        service.plan_ics(coach, tmp_path / "plan.ics", interview_date="2026-03-30")
    message = str(raised.value)
    assert "settings.plan_calendar" in message and "events[0].uid" in message
    assert "import it again with --replace" in message
    assert not (tmp_path / "plan.ics").exists()
    assert saved_user(coach).interview_date is None  # refused before anything was saved


def test_ics_into_a_missing_folder_is_an_error(coach: Coach, tmp_path: Path) -> None:
    with pytest.raises(service.PlanError, match=r"the folder .*nope of .* does not exist") as e:
        service.plan_ics(coach, tmp_path / "nope" / "plan.ics", interview_date="2026-03-20")
    assert e.value.field == "ics"


def test_ics_that_cannot_be_written_names_the_option_and_leaves_no_partial(
    coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(service.PlanError, match=r".* is a folder; give a file name") as raised:
        service.plan_ics(coach, tmp_path, interview_date="2026-03-20")
    assert raised.value.field == "ics"

    def disk_full(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    path = tmp_path / "plan.ics"
    with pytest.raises(service.PlanError, match=r"cannot write .*plan.ics \(No space"):
        service.plan_ics(coach, path, interview_date="2026-03-20")
    assert not path.exists() and list(tmp_path.glob("*.partial")) == []


def test_today_comes_from_the_zone_practice_uses_not_an_imported_row(coach: Coach) -> None:
    # An import can leave another machine's zone on the learner's row; the plan must still
    # start on the same local day as the practice queue and the streak (MLCOACH_TIMEZONE).
    with coach.learner() as (_, user):
        user.timezone = "America/Los_Angeles"  # still 1 March there at 23:30 UTC
    plan = service.make_plan(coach, interview_date="2026-03-20")
    assert plan["today"] == LOCAL_TODAY.isoformat()
