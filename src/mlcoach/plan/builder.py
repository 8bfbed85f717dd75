"""Build a week-by-week study plan from the days left, the hours a week and the learner's gaps.

Rules (documented for learners in docs/plan.md):

- Every full week holds exactly `hours_per_week` of sessions; a last, shorter week holds its
  share (hours x days / 7). Sessions are about 90 minutes, at least two a week, at most one a
  day, spread evenly over the week.
- Each session belongs to the phase of its day (see `timeline`) and takes its activity from
  that phase's mix in turn, so the mix holds over the phase whatever the week boundaries.
- Topics rotate by weight (see `weights`): company emphasis times weakness. Concept sessions in
  specialised prep stay on the company's main topics; in the mock phase, on the weakest topics.
- Under a week: a crash plan of mock interviews and the weakest topics, nothing new.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import timedelta

from mlcoach.plan.models import (
    ACTIVITY_KINDS,
    PHASE_TITLES,
    PHASES,
    Activity,
    Phase,
    Plan,
    PlanError,
    PlanRequest,
    Session,
    Week,
)
from mlcoach.plan.picker import Picker
from mlcoach.plan.timeline import DAYS_PER_WEEK, phase_lengths, phase_of_day, plan_mode
from mlcoach.plan.weights import Rotation, company_topics, topic_weights, weakest_topics

# How a phase's sessions are shared among activities (relative weights).
PHASE_MIX: dict[Phase, dict[Activity, float]] = {
    "foundations": {"concepts": 3, "challenges": 1},
    "technical-practice": {"challenges": 2, "concepts": 1, "design": 1},
    "specialised-prep": {"concepts": 1, "design": 1, "cases": 1, "behavioral": 1},
    "mock-interviews": {"mock": 2, "concepts": 1, "behavioral": 1},
}
CRASH_MIX: dict[Activity, float] = {"mock": 1, "concepts": 1}
PHASE_GOALS: dict[Phase, str] = {
    "foundations": "Rebuild the fundamentals: explain each idea out loud, in your own words.",
    "technical-practice": "Turn knowledge into working code and first end-to-end designs.",
    "specialised-prep": "Tailor to the target: its favourite topics, your stories, case studies.",
    "mock-interviews": "Rehearse whole interviews against the clock and close the last gaps.",
}
CRASH_GOAL = "Crash plan: timed mock interviews and your weakest topics; no new material."
TARGET_SESSION_MINUTES = 90
MIN_SESSIONS_PER_WEEK = 2
WEAK_TOPIC_COUNT = 3
MIN_HOURS, MAX_HOURS = 1.0, 80.0
MAX_DAYS_AHEAD = 2 * 366  # a plan past two years says nothing useful, and its size is unbounded


def build_plan(request: PlanRequest) -> Plan:
    """The week-by-week plan for `request` (rules in the module doc); PlanError when the
    interview is not after `today` or the hours are out of range."""
    days_left = _days_left(request)
    builder = _Builder(request, days_left)
    weeks = tuple(builder.week(i) for i in range(math.ceil(days_left / DAYS_PER_WEEK)))
    return Plan(
        today=request.today,
        interview_date=request.interview_date,
        hours_per_week=request.hours_per_week,
        company=request.company,
        mode=plan_mode(days_left),
        topic_weights=builder.weights,
        weeks=weeks,
    )


def _days_left(request: PlanRequest) -> int:
    days = (request.interview_date - request.today).days
    if days < 1:
        raise PlanError(
            f"{request.interview_date.isoformat()} is not after today "
            f"({request.today.isoformat()}); give the future date of your interview",
            "interview_date",
        )
    if days > MAX_DAYS_AHEAD:
        raise PlanError(
            f"{request.interview_date.isoformat()} is more than {MAX_DAYS_AHEAD} days away; "
            "give a date within two years",
            "interview_date",
        )
    if not MIN_HOURS <= request.hours_per_week <= MAX_HOURS:
        raise PlanError(
            f"{request.hours_per_week:g} is out of range; give {MIN_HOURS:g} to {MAX_HOURS:g}",
            "hours_per_week",
        )
    return days


def week_minutes(hours_per_week: float, days: int) -> int:
    """A week's study minutes: all of `hours_per_week` for a full week, a share for a short one."""
    return round(hours_per_week * 60 * days / DAYS_PER_WEEK)


def session_slots(days: int, total_minutes: int) -> list[tuple[int, int]]:
    """(day offset, minutes) pairs: about 90-minute sessions spread evenly, at most one a day."""
    wanted = max(MIN_SESSIONS_PER_WEEK, math.ceil(total_minutes / TARGET_SESSION_MINUTES))
    count = max(1, min(days, wanted))
    base, extra = divmod(total_minutes, count)
    return [(i * days // count, base + (1 if i < extra else 0)) for i in range(count)]


class _Builder:
    def __init__(self, request: PlanRequest, days_left: int):
        self.request = request
        self.days_left = days_left
        self.crash = plan_mode(days_left) == "crash"
        self.lengths = phase_lengths(days_left)
        self.weights = topic_weights(request.items, request.company, request.mastery)
        self.picker = Picker(
            request.items, request.blueprints, request.company, request.done_item_ids
        )
        self._activities: dict[str, Rotation[Activity]] = {}
        self._topics: dict[tuple[str, str], Rotation[str]] = {}

    def week(self, index: int) -> Week:
        first = index * DAYS_PER_WEEK
        days = min(DAYS_PER_WEEK, self.days_left - first)
        slots = session_slots(days, week_minutes(self.request.hours_per_week, days))
        sessions = tuple(self.session(first + offset, minutes) for offset, minutes in slots)
        start = self.request.today + timedelta(days=first)
        return Week(
            number=index + 1,
            start=start,
            end=start + timedelta(days=days - 1),
            phase=_main_phase(sessions),
            goals=self._goals(sessions),
            sessions=sessions,
        )

    def session(self, day_index: int, minutes: int) -> Session:
        phase: Phase = "mock-interviews" if self.crash else phase_of_day(day_index, self.lengths)
        activity = self._activity_rotation(phase).next()
        day = self.request.today + timedelta(days=day_index)
        kind = ACTIVITY_KINDS[activity]
        if kind is None:
            return Session(day, minutes, phase, activity, (), self.picker.blueprint_for(minutes))
        topic = self._topic_rotation(activity, kind, phase).next()
        items = self.picker.items_for(kind, topic, minutes, phase)
        return Session(day, minutes, phase, activity, (topic,), items)

    def _available(self, activity: Activity) -> bool:
        kind = ACTIVITY_KINDS[activity]
        if kind is None:
            return bool(self.request.blueprints)
        return any(item.kind == kind for item in self.request.items)

    def _activity_rotation(self, phase: Phase) -> Rotation[Activity]:
        key = "crash" if self.crash else phase
        if key not in self._activities:
            mix = CRASH_MIX if self.crash else PHASE_MIX[phase]
            usable = {a: w for a, w in mix.items() if self._available(a)}
            if not usable:  # a bank without these kinds: fall back to whatever it has
                usable = dict.fromkeys(filter(self._available, ACTIVITY_KINDS), 1.0) or dict(mix)
            self._activities[key] = Rotation(usable)
        return self._activities[key]

    def _topic_rotation(self, activity: Activity, kind: str, phase: Phase) -> Rotation[str]:
        focus = self._focus(activity, phase)
        if (activity, focus) not in self._topics:
            topics = sorted({i.topic for i in self.request.items if i.kind == kind})
            chosen = self._focus_topics(topics, focus) or topics
            weights = {t: self.weights.get(t, 1.0) for t in chosen}
            self._topics[(activity, focus)] = Rotation(weights or {"general": 1.0})
        return self._topics[(activity, focus)]

    def _focus(self, activity: Activity, phase: Phase) -> str:
        if activity != "concepts":
            return "all"
        if self.crash or phase == "mock-interviews":
            return "weakest"
        return "company" if phase == "specialised-prep" else "all"

    def _focus_topics(self, topics: list[str], focus: str) -> list[str]:
        if focus == "weakest":
            return weakest_topics(topics, self.request.mastery, self.weights, WEAK_TOPIC_COUNT)
        if focus == "company":
            return company_topics(topics, self.request.items, self.request.company)
        return topics

    def _goals(self, sessions: tuple[Session, ...]) -> tuple[str, ...]:
        goals = [CRASH_GOAL] if self.crash else []
        if not self.crash:
            phases = dict.fromkeys(s.phase for s in sessions)
            goals += [f"{PHASE_TITLES[p]}: {PHASE_GOALS[p]}" for p in phases]
        minutes: Counter[str] = Counter()
        for s in sessions:
            for topic in s.topics:
                minutes[topic] += s.minutes
        if minutes:
            top = [topic for topic, _ in minutes.most_common(3)]
            goals.append(f"Most time on: {', '.join(top)}.")
        return tuple(goals)


def _main_phase(sessions: tuple[Session, ...]) -> Phase:
    """The phase with most minutes this week; ties go to the later phase (the one it leads to)."""
    minutes: Counter[Phase] = Counter()
    for s in sessions:
        minutes[s.phase] += s.minutes
    return max(reversed(PHASES), key=lambda p: minutes[p])
