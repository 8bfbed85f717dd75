"""A study plan as an iCalendar file: one event per session, in the learner's time zone.

Each event's UID is made of the learner's scope and the session's date (a plan has at most one
session a day), so exporting a rebuilt plan and importing it again updates the same events in
the calendar instead of adding copies. Sessions start at DEFAULT_START_TIME local time unless
the caller says otherwise.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from icalendar import Calendar, Event

from mlcoach.plan.models import PHASE_TITLES, Plan, Session

DEFAULT_START_TIME = time(18, 0)  # early evening, after a working day
PRODID = "-//mlcoach//study plan//EN"
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


def plan_to_ics(
    plan: Plan,
    *,
    zone: tzinfo,
    scope: str,
    stamp: datetime,
    start_time: time = DEFAULT_START_TIME,
) -> bytes:
    """The calendar file's bytes; `stamp` (aware) becomes every event's DTSTAMP.

    Times carry a TZID when `zone` is a named IANA zone; any other zone (a fixed offset, a zone
    read from /etc/localtime without a name) is written as the same instants in UTC.
    """
    calendar = Calendar.new(prodid=PRODID, name="mlcoach study plan", uid=f"plan-{scope}@mlcoach")
    for session in plan.sessions:
        calendar.add_component(_event(session, zone, scope, stamp, start_time))
    calendar.add_missing_timezones(
        first_date=plan.today - timedelta(days=1),
        last_date=plan.interview_date + timedelta(days=1),
    )
    data: bytes = calendar.to_ical()
    return data


def _event(session: Session, zone: tzinfo, scope: str, stamp: datetime, at: time) -> Event:
    start = datetime.combine(session.day, at, tzinfo=zone)
    if not has_iana_name(zone):
        start = start.astimezone(UTC)
    return Event.new(
        uid=session_uid(scope, session),
        stamp=stamp.astimezone(UTC),
        start=start,
        end=start + timedelta(minutes=session.minutes),
        summary=_summary(session),
        description=_description(session),
        categories=["mlcoach", session.phase],
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
