"""The plan as an iCalendar file, read back with the icalendar library.

Re-exports are checked the way a calendar app reads them: by UID, SEQUENCE and STATUS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from mlcoach.plan import (
    DEFAULT_START_TIME,
    CalendarExport,
    ExportedEvent,
    Plan,
    PlanRequest,
    build_plan,
    plan_to_ics,
)

MakeRequest = Callable[..., PlanRequest]
BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
LATER = STAMP + timedelta(days=1)


def export(
    plan: Plan,
    *,
    stamp: datetime = STAMP,
    previous: Iterable[ExportedEvent] = (),
    zone: tzinfo = BERLIN,
    scope: str = "ada",
    start_time: time = DEFAULT_START_TIME,
) -> CalendarExport:
    return plan_to_ics(
        plan, zone=zone, scope=scope, stamp=stamp, start_time=start_time, previous=previous
    )


def events(data: bytes) -> list[Event]:
    calendar = Calendar.from_ical(data)
    return [c for c in calendar.walk("VEVENT") if isinstance(c, Event)]


def by_uid(data: bytes) -> dict[str, Event]:
    return {str(event["UID"]): event for event in events(data)}


def first_day(written: CalendarExport) -> date:
    return min(event.day for event in written.events)


def day_of(event: Event) -> date:
    start: datetime = event.decoded("DTSTART")
    return start.astimezone(BERLIN).date()


def test_one_event_per_session_in_the_learner_zone(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(40, company="acme"))
    data = export(plan).data
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
    first = events(export(build_plan(make_request(30))).data)
    uids = [str(e["UID"]) for e in first]
    assert len(uids) == len(set(uids))
    # The same plan exported later (new DTSTAMP) updates the same events...
    again = events(export(build_plan(make_request(30)), stamp=LATER).data)
    assert [str(e["UID"]) for e in again] == uids
    # ...and a session on the same date keeps its UID even when the plan around it changed.
    changed = build_plan(make_request(30, hours_per_week=12, mastery={"statistics": 1.0}))
    by_date = {e.decoded("DTSTART").date(): str(e["UID"]) for e in first}
    for event in events(export(changed, stamp=LATER).data):
        day = event.decoded("DTSTART").date()
        if day in by_date:
            assert str(event["UID"]) == by_date[day]


def test_uids_differ_between_learners(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(10))
    ada = set(by_uid(export(plan).data))
    bob = set(by_uid(export(plan, scope="Bob").data))
    assert ada and not ada & bob


def test_start_time_can_be_chosen(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(10))
    data = export(plan, start_time=time(7, 30)).data
    assert {e.decoded("DTSTART").time() for e in events(data)} == {time(7, 30)}


def test_a_zone_without_a_name_is_written_in_utc(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(10))
    plus_two = timezone(timedelta(hours=2))
    data = export(plan, zone=plus_two).data
    calendar = Calendar.from_ical(data)
    assert calendar.timezones == []
    for event, session in zip(events(data), plan.sessions, strict=True):
        start = event.decoded("DTSTART")
        assert "TZID" not in event["DTSTART"].params
        assert start == datetime.combine(session.day, DEFAULT_START_TIME, tzinfo=plus_two)
        assert start.utcoffset() == timedelta(0)


# --- re-exports: updates and cancellations ------------------------------------------------------


def test_a_first_export_confirms_every_session_at_sequence_0(make_request: MakeRequest) -> None:
    first = export(build_plan(make_request(30)))
    found = events(first.data)
    assert {(e["STATUS"], e.decoded("SEQUENCE")) for e in found} == {("CONFIRMED", 0)}
    assert first.cancelled == 0
    assert [e.uid for e in first.events] == [str(e["UID"]) for e in found]


def test_an_unchanged_re_export_is_identical(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(30))
    first = export(plan)
    again = export(plan, stamp=LATER, previous=first.events)
    assert again.data == first.data  # no SEQUENCE bump, the first DTSTAMP kept
    assert again.events == first.events


def test_dropped_sessions_are_cancelled_with_the_same_uid_and_a_higher_sequence(
    make_request: MakeRequest,
) -> None:
    first = export(build_plan(make_request(30, hours_per_week=12)))
    fewer = build_plan(make_request(30, hours_per_week=3))
    second = export(fewer, stamp=LATER, previous=first.events)
    before, after = by_uid(first.data), by_uid(second.data)
    kept_days = {session.day for session in fewer.sessions}
    dropped = {uid for uid, event in before.items() if day_of(event) not in kept_days}
    assert dropped and set(after) == set(before)  # every old UID is still in the file
    for uid in dropped:
        event = after[uid]
        assert event["STATUS"] == "CANCELLED"
        assert event.decoded("SEQUENCE") > before[uid].decoded("SEQUENCE")
        assert event.decoded("DTSTAMP") == LATER
        assert event.decoded("DTSTART") == before[uid].decoded("DTSTART")  # the same instant
        assert str(event["SUMMARY"]) == str(before[uid]["SUMMARY"])
    confirmed = [e for uid, e in after.items() if uid not in dropped]
    assert len(confirmed) == len(fewer.sessions)
    assert {str(e["STATUS"]) for e in confirmed} == {"CONFIRMED"}
    assert second.cancelled == len(dropped)


def test_an_event_whose_content_changed_gets_a_higher_sequence(make_request: MakeRequest) -> None:
    plan = build_plan(make_request(30))
    first = export(plan)
    moved = export(plan, stamp=LATER, previous=first.events, start_time=time(7, 30))
    for event in events(moved.data):
        assert (event.decoded("SEQUENCE"), event.decoded("DTSTAMP")) == (1, LATER)
    # Content that stays the same keeps its SEQUENCE on the next export too.
    third = export(
        plan, stamp=LATER + timedelta(days=1), previous=moved.events, start_time=time(7, 30)
    )
    assert third.data == moved.data


def test_only_the_sessions_whose_content_changed_are_bumped(make_request: MakeRequest) -> None:
    first = export(build_plan(make_request(30)))
    rebuilt = build_plan(make_request(30, mastery={"statistics": 1.0, "deep-learning": 0.9}))
    before = by_uid(first.data)
    after = by_uid(export(rebuilt, stamp=LATER, previous=first.events).data)
    shown = ("SUMMARY", "DESCRIPTION", "DTSTART", "DTEND")
    changed = {
        uid
        for uid in before
        if any(before[uid][k].to_ical() != after[uid][k].to_ical() for k in shown)
    }
    assert changed and changed != set(before)  # the rebuild moved some sessions, not all
    for uid, event in after.items():
        bumped = uid in changed
        assert event.decoded("SEQUENCE") == (1 if bumped else 0), uid
        assert event.decoded("DTSTAMP") == (LATER if bumped else STAMP), uid


def test_a_cancellation_is_repeated_until_its_day_has_passed(make_request: MakeRequest) -> None:
    first = export(build_plan(make_request(30, hours_per_week=12)))
    fewer = build_plan(make_request(30, hours_per_week=3))
    second = export(fewer, stamp=LATER, previous=first.events)
    cancelled = {e.uid: e for e in second.events if e.cancelled}
    # The same plan again: the cancellations are written again unchanged.
    third = export(fewer, stamp=LATER + timedelta(days=1), previous=second.events)
    assert third.data == second.data
    # A week later the plan starts later; cancelled days before its first day are history.
    week_on = fewer.today + timedelta(days=7)
    later_plan = build_plan(make_request(30, hours_per_week=3, today=week_on))
    planned_days = {session.day for session in later_plan.sessions}
    fourth = export(later_plan, stamp=LATER + timedelta(days=7), previous=third.events)
    still = {e.uid: e for e in fourth.events if e.cancelled}
    expected = {u for u, e in cancelled.items() if e.day >= week_on and e.day not in planned_days}
    assert set(still) == expected
    assert expected and len(expected) < len(cancelled)  # some passed, some still to come
    assert all(still[uid] == cancelled[uid] for uid in still)  # same SEQUENCE and DTSTAMP
    in_file = {str(e["UID"]) for e in events(fourth.data) if e["STATUS"] == "CANCELLED"}
    assert in_file == expected


def test_sessions_of_days_that_have_passed_are_neither_cancelled_nor_kept(
    make_request: MakeRequest,
) -> None:
    first = export(build_plan(make_request(30)))
    week_on = first_day(first) + timedelta(days=7)
    assert any(event.day < week_on for event in first.events)
    later = export(build_plan(make_request(30, today=week_on)), stamp=LATER, previous=first.events)
    assert all(event.day >= week_on for event in later.events)  # the past is forgotten
    assert all(day_of(event) >= week_on for event in events(later.data))


def test_a_cancelled_day_that_returns_is_confirmed_with_a_higher_sequence(
    make_request: MakeRequest,
) -> None:
    more, fewer = make_request(30, hours_per_week=12), make_request(30, hours_per_week=3)
    first = export(build_plan(more))
    second = export(build_plan(fewer), stamp=LATER, previous=first.events)
    third = export(build_plan(more), stamp=LATER + timedelta(days=1), previous=second.events)
    returned = [e for e in second.events if e.cancelled]
    assert returned
    after = by_uid(third.data)
    for record in returned:
        event = after[record.uid]
        assert event["STATUS"] == "CONFIRMED"
        assert event.decoded("SEQUENCE") == record.sequence + 1 == 2
    assert third.cancelled == 0
