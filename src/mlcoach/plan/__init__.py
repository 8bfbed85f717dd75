"""The study plan: weeks of phased sessions from the days left, hours a week and weak topics.

Pure: the caller passes today's local date, the catalogue and the learner's mastery.
"""

from mlcoach.plan.builder import build_plan, week_minutes
from mlcoach.plan.calendar_history import (
    ExportedEvent,
    HistoryError,
    history_to_dict,
    parse_history,
)
from mlcoach.plan.ics import DEFAULT_START_TIME, CalendarExport, plan_to_ics, session_uid
from mlcoach.plan.models import (
    PHASE_TITLES,
    PHASES,
    CatalogueItem,
    MockBlueprint,
    Plan,
    PlanError,
    PlanRequest,
    Session,
    Week,
)

__all__ = [
    "DEFAULT_START_TIME",
    "PHASES",
    "PHASE_TITLES",
    "CalendarExport",
    "CatalogueItem",
    "ExportedEvent",
    "HistoryError",
    "MockBlueprint",
    "Plan",
    "PlanError",
    "PlanRequest",
    "Session",
    "Week",
    "build_plan",
    "history_to_dict",
    "parse_history",
    "plan_to_ics",
    "session_uid",
    "week_minutes",
]
