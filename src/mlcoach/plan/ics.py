"""A study plan as an iCalendar file: one event per session, in the learner's time zone.

Each event's UID is made of the learner's scope and the session's date (a plan has at most one
session a day), so exporting a rebuilt plan and importing it again updates the same events in
the calendar instead of adding copies. Given what the previous export wrote (`previous`, see
`calendar_history`), an event whose content changed gets a higher SEQUENCE and a new DTSTAMP,
an unchanged one keeps both (an unchanged plan gives the same bytes), and a session the rebuilt
plan dropped is written again as STATUS:CANCELLED with a higher SEQUENCE, so calendar apps
remove it. Sessions start at DEFAULT_START_TIME local time unless the caller says otherwise.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from icalendar import Calendar, Event
from icalendar.enums import STATUS

from mlcoach.plan.calendar_history import ExportedEvent
from mlcoach.plan.models import PHASE_TITLES, Plan, Session

DEFAULT_START_TIME = time(18, 0)  # early evening, after a working day
PRODID = "-//mlcoach//study plan//EN"
CANCELLED_NOTE = "Cancelled: the rebuilt study plan has no session on this day."
ACTIVITY_TITLES = {
    "concepts": "Concept questions",
    "challenges": "Coding challenges",
    "design": "ML system design",
    "cases": "Case studies",
    "behavioral": "Behavioral stories",
    "mock": "Mock interview",
}


def session_uid(scope: str, session: Session) -> str:
    """Stable across rebuilds: the same learner and date give the same UID."""
    slug = re.sub(r"[^a-z0-9]+", "-", scope.lower()).strip("-") or "learner"
    return f"plan-{slug}-{session.day:%Y%m%d}@mlcoach"


@dataclass(frozen=True)
class CalendarExport:
    """The file's bytes and what to remember for the next export (every UID it wrote)."""

    data: bytes
    events: tuple[ExportedEvent, ...]

    @property
    def cancelled(self) -> int:
        return sum(event.cancelled for event in self.events)


@dataclass(frozen=True)
class _Content:
    """A session's event as the plan describes it, before its SEQUENCE and DTSTAMP are known."""

    session: Session
    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str

    def digest(self) -> str:
        fields = [self.start.isoformat(), str(self.start.tzinfo), self.end.isoformat()]
        fields += [self.summary, self.description, self.session.phase]
        return hashlib.sha256(json.dumps(fields).encode("utf-8")).hexdigest()


def plan_to_ics(
    plan: Plan,
    *,
    zone: tzinfo,
    scope: str,
    stamp: datetime,
    start_time: time = DEFAULT_START_TIME,
    previous: Iterable[ExportedEvent] = (),
) -> CalendarExport:
    """The calendar file, with `previous` (the last export's events) updated or cancelled.

    `stamp` (aware) is the DTSTAMP of every new or changed event. Times carry a TZID when `zone`
    is a named IANA zone; any other zone (a fixed offset, a zone read from /etc/localtime without
    a name) is written as the same instants in UTC. A previous event on a day before
    `plan.today` is history: it is neither cancelled nor remembered.
    """
    before = {event.uid: event for event in previous}
    planned = [_content(session, zone, scope, start_time) for session in plan.sessions]
    revised = [_revised(content, before.get(content.uid), stamp) for content in planned]
    kept = {content.uid for content in planned}
    dropped = [
        _cancelled(event, stamp)
        for event in sorted(before.values(), key=lambda event: event.day)
        if event.uid not in kept and event.day >= plan.today
    ]
    calendar = Calendar.new(prodid=PRODID, name="mlcoach study plan", uid=f"plan-{scope}@mlcoach")
    for content, record in zip(planned, revised, strict=True):
        calendar.add_component(_event(content, record))
    for record in dropped:
        calendar.add_component(_cancellation(record))
    calendar.add_missing_timezones(
        first_date=plan.today - timedelta(days=1),
        last_date=plan.interview_date + timedelta(days=1),
    )
    data: bytes = calendar.to_ical()
    return CalendarExport(data, (*revised, *dropped))


def _content(session: Session, zone: tzinfo, scope: str, at: time) -> _Content:
    start = datetime.combine(session.day, at, tzinfo=zone)
    if not has_iana_name(zone):
        start = start.astimezone(UTC)
    end = start + timedelta(minutes=session.minutes)
    summary, description = _summary(session), _description(session)
    return _Content(session, session_uid(scope, session), start, end, summary, description)


def _revised(content: _Content, before: ExportedEvent | None, stamp: datetime) -> ExportedEvent:
    """The previous record when nothing changed; else the next SEQUENCE, stamped now."""
    digest = content.digest()
    if before is not None and not before.cancelled and before.digest == digest:
        return before
    return ExportedEvent(
        uid=content.uid,
        day=content.session.day,
        start=content.start,
        end=content.end,
        summary=content.summary,
        digest=digest,
        sequence=0 if before is None else before.sequence + 1,
        stamp=stamp,
        cancelled=False,
    )


def _cancelled(before: ExportedEvent, stamp: datetime) -> ExportedEvent:
    if before.cancelled:
        return before  # cancelled by an earlier export: written again unchanged
    return before.model_copy(
        update={"sequence": before.sequence + 1, "stamp": stamp.astimezone(UTC), "cancelled": True}
    )


def _event(content: _Content, record: ExportedEvent) -> Event:
    return Event.new(
        uid=content.uid,
        stamp=record.stamp,
        sequence=record.sequence,
        status=STATUS.CONFIRMED,
        start=content.start,
        end=content.end,
        summary=content.summary,
        description=content.description,
        categories=["mlcoach", content.session.phase],
    )


def _cancellation(record: ExportedEvent) -> Event:
    """The dropped session again, same UID, marked cancelled (its times in UTC: same instants)."""
    return Event.new(
        uid=record.uid,
        stamp=record.stamp,
        sequence=record.sequence,
        status=STATUS.CANCELLED,
        start=record.start,
        end=record.end,
        summary=record.summary,
        description=CANCELLED_NOTE,
        categories=["mlcoach"],
    )


def _summary(session: Session) -> str:
    title = ACTIVITY_TITLES.get(session.activity, session.activity)
    topics = f" ({', '.join(session.topics)})" if session.topics else ""
    return f"mlcoach: {title}{topics}"


def _description(session: Session) -> str:
    lines = [f"Phase: {PHASE_TITLES[session.phase]}", f"{session.minutes} minutes"]
    if session.item_ids:
        label = "Blueprint" if session.activity == "mock" else "Suggested items"
        lines.append(f"{label}: {', '.join(session.item_ids)}")
    return "\n".join(lines)


def has_iana_name(zone: tzinfo) -> bool:
    """Whether calendars can be told this zone by name (a TZID they can look up)."""
    return isinstance(zone, ZoneInfo) and zone.key in _iana_names()


@cache
def _iana_names() -> frozenset[str]:
    return frozenset(available_timezones())
