"""The study plan: weeks of phased sessions from the days left, hours a week and weak topics.

Pure: the caller passes today's local date, the catalogue and the learner's mastery.
"""

from mlcoach.plan.builder import build_plan, week_minutes
from mlcoach.plan.ics import DEFAULT_START_TIME, plan_to_ics, session_uid
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
    "CatalogueItem",
    "MockBlueprint",
    "Plan",
    "PlanError",
    "PlanRequest",
    "Session",
    "Week",
    "build_plan",
    "plan_to_ics",
    "session_uid",
    "week_minutes",
]
