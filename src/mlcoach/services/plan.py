"""Use-cases for the study plan: build it from the learner's saved profile and progress, export it.

The interview date, target company and hours a week given once are saved on the learner's row,
so later calls with no options rebuild the plan from them and from the progress made since
(topic mastery shifts time to weak topics; items already attempted stop being suggested first).
Each calendar export remembers the events it wrote in the learner's settings JSON, so the next
one can update them and cancel the sessions a rebuilt plan dropped.
Rules: docs/plan.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

from mlcoach.content import AnyItem, Bank
from mlcoach.plan import (
    CalendarExport,
    CatalogueItem,
    ExportedEvent,
    HistoryError,
    MockBlueprint,
    Plan,
    PlanError,
    PlanRequest,
    build_plan,
    history_to_dict,
    parse_history,
    plan_to_ics,
)
from mlcoach.plan.builder import MAX_DAYS_AHEAD, MAX_HOURS, MIN_HOURS
from mlcoach.services.coach import Coach
from mlcoach.services.data import write_atomically
from mlcoach.services.data_format import CALENDAR_SETTING
from mlcoach.services.practice import local_zone
from mlcoach.services.progress import Snapshot, read_snapshot, topic_mastery
from mlcoach.storage.tables import User

DEFAULT_HOURS_PER_WEEK = 6.0

__all__ = ["DEFAULT_HOURS_PER_WEEK", "PlanError", "current_plan", "make_plan", "plan_ics"]


@dataclass(frozen=True)
class _Profile:
    interview_date: date
    company: str | None
    hours_per_week: float


def make_plan(
    coach: Coach,
    *,
    interview_date: date | str | None = None,
    company: str | None = None,
    hours_per_week: float | None = None,
) -> dict[str, Any]:
    """Save the given options, then build the plan from the saved profile and current progress.

    Raises PlanError naming the option (its `field`) and the fix; nothing is saved when an
    option is bad.
    """
    plan, _ = _plan(coach, interview_date, company, hours_per_week)
    return _plan_dict(coach, plan)


def current_plan(coach: Coach, snap: Snapshot | None = None) -> dict[str, Any]:
    """The plan from the saved profile and current progress (`snap` when the caller has read
    it already), saving nothing: what a page that only shows the plan needs.

    Raises PlanError until an interview date is saved (or once it has passed).
    """
    zone = local_zone(coach)
    snap = snap or read_snapshot(coach)
    today = snap.now.astimezone(zone).date()
    with coach.learner() as (_, user):
        profile = _resolve(coach.bank, user, today, None, None, None)
    return _plan_dict(coach, build_plan(_request(coach, profile, today, snap)))


def plan_ics(
    coach: Coach,
    path: Path,
    *,
    interview_date: date | str | None = None,
    company: str | None = None,
    hours_per_week: float | None = None,
) -> dict[str, Any]:
    """Like make_plan, and write the sessions to an iCalendar file (replaced if it exists).

    A path that cannot be a file is refused before anything is saved; a write that fails
    still leaves the (valid) options saved and no partial file behind.
    """
    if path.is_dir():
        raise PlanError(f"{path} is a folder; give a file name, e.g. {path / 'plan.ics'}", "ics")
    if not path.parent.is_dir():
        raise PlanError(
            f"the folder {path.parent} of {path} does not exist; create it first", "ics"
        )
    previous = _calendar_history(coach)
    plan, zone = _plan(coach, interview_date, company, hours_per_week)
    export = plan_to_ics(
        plan, zone=zone, scope=coach.settings.user_name, stamp=coach.now(), previous=previous
    )
    try:
        write_atomically(path, export.data)  # a calendar app never reads a half-written file
    except OSError as exc:
        raise PlanError(
            f"cannot write {path} ({exc.strerror or exc}); choose another file", "ics"
        ) from None
    _remember_calendar(coach, export)  # only once the file exists: it is what calendars saw
    ics = {"path": str(path), "events": len(plan.sessions), "cancelled": export.cancelled}
    return {**_plan_dict(coach, plan), "ics": ics}


def _calendar_history(coach: Coach) -> tuple[ExportedEvent, ...]:
    """What the last export wrote, from the learner's settings (nothing before the first)."""
    with coach.learner() as (_, user):
        saved = user.settings.get(CALENDAR_SETTING)
    if saved is None:
        return ()
    try:
        return parse_history(saved)
    except HistoryError as exc:
        raise PlanError(
            f"the saved calendar history (settings.{CALENDAR_SETTING}) is unreadable: {exc}; "
            f"export your data, remove user.settings.{CALENDAR_SETTING} from the file and "
            "import it again with --replace (the next export then starts a fresh history)"
        ) from None


def _remember_calendar(coach: Coach, export: CalendarExport) -> None:
    with coach.learner() as (_, user):
        # a new dict: the JSON column does not track changes made inside the old one
        user.settings = {**user.settings, CALENDAR_SETTING: history_to_dict(export.events)}


def _plan(
    coach: Coach,
    interview_date: date | str | None,
    company: str | None,
    hours_per_week: float | None,
) -> tuple[Plan, tzinfo]:
    zone = local_zone(coach)
    with coach.learner() as (_, user):
        today = coach.now().astimezone(zone).date()
        profile = _resolve(coach.bank, user, today, interview_date, company, hours_per_week)
        user.interview_date = profile.interview_date.isoformat()
        user.target_company = profile.company
        user.hours_per_week = profile.hours_per_week
    # Read after the profile is committed: progress opens its own unit of work.
    return build_plan(_request(coach, profile, today, read_snapshot(coach))), zone


def _request(coach: Coach, profile: _Profile, today: date, snap: Snapshot) -> PlanRequest:
    return PlanRequest(
        today=today,
        interview_date=profile.interview_date,
        hours_per_week=profile.hours_per_week,
        items=_catalogue(snap.items),
        blueprints=tuple(
            MockBlueprint(b.id, b.duration_minutes) for b in coach.bank.blueprints.values()
        ),
        company=profile.company,
        mastery=topic_mastery(coach, snap),
        done_item_ids=frozenset(a.item_id for a in snap.attempts),
    )


def _plan_dict(coach: Coach, plan: Plan) -> dict[str, Any]:
    companies = coach.bank.manifest.companies
    name = companies.get(plan.company) if plan.company else None
    return {**plan.to_dict(), "company_name": name}


def _catalogue(items: list[AnyItem]) -> tuple[CatalogueItem, ...]:
    return tuple(
        CatalogueItem(item.id, item.kind, item.topic, item.difficulty, tuple(item.companies))
        for item in items
    )


def _resolve(
    bank: Bank,
    user: User,
    today: date,
    interview_date: date | str | None,
    company: str | None,
    hours_per_week: float | None,
) -> _Profile:
    """The options given, else the saved ones, else defaults; every one checked."""
    when = _interview_date(interview_date, user.interview_date, today)
    slug = _company(bank, company) if company is not None else user.target_company
    hours = hours_per_week if hours_per_week is not None else user.hours_per_week
    hours = DEFAULT_HOURS_PER_WEEK if hours is None else hours
    if not MIN_HOURS <= hours <= MAX_HOURS:
        raise PlanError(
            f"{hours:g} is out of range; give {MIN_HOURS:g} to {MAX_HOURS:g}", "hours_per_week"
        )
    return _Profile(when, slug, float(hours))


def _interview_date(given: date | str | None, saved: str | None, today: date) -> date:
    if given is None:
        return _saved_date(saved, today)
    when = _parse_date(given)
    if when <= today:
        raise _date_error(
            f"{when.isoformat()} is not after today ({today.isoformat()}); "
            "give the future date of your interview"
        )
    if (when - today).days > MAX_DAYS_AHEAD:
        raise _date_error(
            f"{when.isoformat()} is more than {MAX_DAYS_AHEAD} days away "
            f"(today is {today.isoformat()}); give a date within two years"
        )
    return when


def _saved_date(saved: str | None, today: date) -> date:
    if saved is None:
        raise _date_error(
            "none saved yet; give the date of your interview as YYYY-MM-DD (it is saved for later)"
        )
    try:
        when = date.fromisoformat(saved)
    except ValueError:
        raise _date_error(
            f"the saved date {saved!r} is unreadable; give the date of your interview "
            "as YYYY-MM-DD to replace it"
        ) from None
    if when <= today:
        raise _date_error(
            f"the saved date {saved} has passed; give the date of your next interview"
        )
    if (when - today).days > MAX_DAYS_AHEAD:
        raise _date_error(
            f"the saved date {saved} is more than {MAX_DAYS_AHEAD} days away; "
            "give a date within two years"
        )
    return when


def _date_error(message: str) -> PlanError:
    return PlanError(message, "interview_date")


def _parse_date(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _date_error(
            f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-05-04"
        ) from None


def _company(bank: Bank, value: str) -> str | None:
    """A company slug from a slug or display name; an empty value clears the saved company."""
    wanted = value.strip().lower()
    if not wanted:
        return None
    for slug, name in bank.manifest.companies.items():
        if wanted in (slug, name.lower()):
            return slug
    known = ", ".join(sorted(bank.manifest.companies)) or "(none in this bank)"
    raise PlanError(
        f"{value!r} is not a company the bank knows; choose one of: {known}, "
        "or leave it empty to clear it",
        "company",
    )
