"""The plan as an iCalendar file, read back with the icalendar library."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from mlcoach.plan import DEFAULT_START_TIME, PlanRequest, build_plan, plan_to_ics

MakeRequest = Callable[..., PlanRequest]
BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def events(data: bytes) -> list[Event]:
    calendar = Calendar.from_ical(data)
    return [c for c in calendar.walk("VEVENT") if isinstance(c, Event)]


def test_one_event_per_session_in_the_learner_zone(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(40, company="acme"))
    data = plan_to_ics(plan, zone=BERLIN, scope="ada", stamp=STAMP)
    calendar = Calendar.from_ical(data)
    found = events(data)
    assert len(found) == len(plan.sessions)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    for event, session in zip(found, plan.sessions, strict=True):
        start = event.decoded("DTSTART")
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert start.tzinfo is not None
        assert start.date() == session.day
        assert start.astimezone(BERLIN).time() == DEFAULT_START_TIME
        assert event.decoded("DTEND") - start == timedelta(minutes=session.minutes)
        assert event.decoded("DTSTAMP") == STAMP
        assert event.categories == ["mlcoach", session.phase]
    summaries = [str(e["SUMMARY"]) for e in found]
    assert any("Mock interview" in s for s in summaries)
    assert any(s.startswith("mlcoach: Concept questions (") for s in summaries)


def test_uids_are_unique_and_stable_across_rebuilds(make_request: MakeRequest) -> None:
    first = events(plan_to_ics(build_plan(make_request(30)), zone=BERLIN, scope="ada", stamp=STAMP))
    uids = [str(e["UID"]) for e in first]
    assert len(uids) == len(set(uids))
    # The same plan exported later (new DTSTAMP) updates the same events...
    later = STAMP + timedelta(days=1)
    again = events(plan_to_ics(build_plan(make_request(30)), zone=BERLIN, scope="ada", stamp=later))
    assert [str(e["UID"]) for e in again] == uids
    # ...and a session on the same date keeps its UID even when the plan around it changed.
    changed = build_plan(make_request(30, hours_per_week=12, mastery={"statistics": 1.0}))
    by_date = {e.decoded("DTSTART").date(): str(e["UID"]) for e in first}
    for event in events(plan_to_ics(changed, zone=BERLIN, scope="ada", stamp=later)):
        day = event.decoded("DTSTART").date()
        if day in by_date:
            assert str(event["UID"]) == by_date[day]


def test_uids_differ_between_learners(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(10))
    ada = {str(e["UID"]) for e in events(plan_to_ics(plan, zone=BERLIN, scope="ada", stamp=STAMP))}
    bob = {str(e["UID"]) for e in events(plan_to_ics(plan, zone=BERLIN, scope="Bob", stamp=STAMP))}
    assert ada and not ada & bob


def test_start_time_can_be_chosen(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(10))
    data = plan_to_ics(plan, zone=BERLIN, scope="ada", stamp=STAMP, start_time=time(7, 30))
    assert {e.decoded("DTSTART").time() for e in events(data)} == {time(7, 30)}


def test_a_zone_without_a_name_is_written_in_utc(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(10))
    plus_two = timezone(timedelta(hours=2))
    data = plan_to_ics(plan, zone=plus_two, scope="ada", stamp=STAMP)
    calendar = Calendar.from_ical(data)
    assert calendar.timezones == []
    for event, session in zip(events(data), plan.sessions, strict=True):
        start = event.decoded("DTSTART")
        assert "TZID" not in event["DTSTART"].params
        assert start == datetime.combine(session.day, DEFAULT_START_TIME, tzinfo=plus_two)
        assert start.utcoffset() == timedelta(0)
