"""What a study plan is made of: the inputs the builder needs and the weeks it produces.

Everything here is plain data. The builder never reads the clock, settings or the database:
the service passes `today` (a local date), the catalogue and the learner's mastery in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Phase = Literal["foundations", "technical-practice", "specialised-prep", "mock-interviews"]
PHASES: tuple[Phase, ...] = (
    "foundations",
    "technical-practice",
    "specialised-prep",
    "mock-interviews",
)
PHASE_TITLES: dict[Phase, str] = {
    "foundations": "Foundations",
    "technical-practice": "Technical practice",
    "specialised-prep": "Specialised prep",
    "mock-interviews": "Mock interviews",
}

Activity = Literal["concepts", "challenges", "design", "cases", "behavioral", "mock"]
# The bank item kind each activity practises; a mock session runs a blueprint instead.
ACTIVITY_KINDS: dict[Activity, str | None] = {
    "concepts": "concept",
    "challenges": "challenge",
    "design": "design",
    "cases": "case",
    "behavioral": "behavioral",
    "mock": None,
}

Mode = Literal["crash", "compressed", "baseline", "stretched"]


class PlanError(ValueError):
    """The request cannot produce a plan (interview not in the future, hours out of range).

    `field` names the option at fault ("interview_date", "hours_per_week", ...) or is None;
    the message then reads after that option's name, in whatever words a shell gives it
    (the CLI's `--interview-date`, the web form's "Interview date"), so it names no flag.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


@dataclass(frozen=True)
class CatalogueItem:
    """The little the planner needs to know about a bank or deck item."""

    id: str
    kind: str
    topic: str
    difficulty: int = 3
    companies: tuple[str, ...] = ()


@dataclass(frozen=True)
class MockBlueprint:
    """A mock interview the plan can schedule, and how long it runs."""

    id: str
    minutes: int


@dataclass(frozen=True)
class PlanRequest:
    """Everything a plan depends on; the same request always gives the same plan."""

    today: date
    interview_date: date
    hours_per_week: float
    items: tuple[CatalogueItem, ...]
    blueprints: tuple[MockBlueprint, ...] = ()
    company: str | None = None
    mastery: Mapping[str, float] = field(default_factory=dict)  # topic -> 0..1
    done_item_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Session:
    """One sitting on one local date: its phase, activity, topics and suggested items."""

    day: date
    minutes: int
    phase: Phase
    activity: Activity
    topics: tuple[str, ...]
    item_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "minutes": self.minutes,
            "phase": self.phase,
            "activity": self.activity,
            "topics": list(self.topics),
            "item_ids": list(self.item_ids),
        }


@dataclass(frozen=True)
class Week:
    """Seven days (the last week may be shorter) and their sessions."""

    number: int  # 1-based
    start: date
    end: date  # inclusive
    phase: Phase
    goals: tuple[str, ...]
    sessions: tuple[Session, ...]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sessions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "phase": self.phase,
            "phase_title": PHASE_TITLES[self.phase],
            "goals": list(self.goals),
            "minutes": self.minutes,
            "sessions": [s.to_dict() for s in self.sessions],
        }


@dataclass(frozen=True)
class Plan:
    """Every week from `today` up to the day before the interview."""

    today: date
    interview_date: date
    hours_per_week: float
    company: str | None
    mode: Mode
    topic_weights: Mapping[str, float]
    weeks: tuple[Week, ...]

    @property
    def sessions(self) -> list[Session]:
        return [s for week in self.weeks for s in week.sessions]

    @property
    def days_left(self) -> int:
        return (self.interview_date - self.today).days

    def topic_minutes(self) -> dict[str, int]:
        """Minutes per topic over the whole plan (a session's time is split among its topics)."""
        totals: dict[str, float] = {}
        for session in self.sessions:
            for topic in session.topics:
                totals[topic] = totals.get(topic, 0.0) + session.minutes / len(session.topics)
        return {topic: round(minutes) for topic, minutes in sorted(totals.items())}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, nothing but lists, dicts, strings and numbers."""
        return {
            "today": self.today.isoformat(),
            "interview_date": self.interview_date.isoformat(),
            "days_left": self.days_left,
            "hours_per_week": self.hours_per_week,
            "company": self.company,
            "mode": self.mode,
            "topic_weights": {t: round(w, 3) for t, w in sorted(self.topic_weights.items())},
            "topic_minutes": self.topic_minutes(),
            "weeks": [w.to_dict() for w in self.weeks],
        }
