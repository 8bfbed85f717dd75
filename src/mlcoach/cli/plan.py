"""`mlcoach plan`: a week-by-week study plan to the interview date, optionally as a calendar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.services import plan as service
from mlcoach.services.practice import PracticeError

SHOWN_ITEMS = 3  # the table stays readable; --json lists every suggestion


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("plan")(plan)


def plan(
    interview_date: Annotated[
        str | None, typer.Option(help="Interview day, YYYY-MM-DD (saved for next time)")
    ] = None,
    company: Annotated[
        str | None, typer.Option(help='Target company slug or name (saved; "" clears it)')
    ] = None,
    hours_per_week: Annotated[
        float | None, typer.Option(help="Study hours a week, 1-80 (saved; default 6)")
    ] = None,
    ics: Annotated[
        Path | None, typer.Option(help="Also write the sessions to this iCalendar file")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Build your study plan from the interview date, your hours and your weak topics."""
    coach = coach_from_env()
    options: dict[str, Any] = {
        "interview_date": interview_date,
        "company": company,
        "hours_per_week": hours_per_week,
    }
    try:
        if ics is not None:
            result = service.plan_ics(coach, ics, **options)
        else:
            result = service.make_plan(coach, **options)
    except service.PlanError as exc:
        render.error(problem(exc))
        raise typer.Exit(2) from None
    except PracticeError as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    if json_output:
        render.print_json(result)
    else:
        show(result)


def problem(exc: service.PlanError) -> str:
    """The service's message under the name of the option at fault, e.g. `--hours-per-week`."""
    if exc.field is None:
        return exc.message
    return f"--{exc.field.replace('_', '-')}: {exc.message}"


def show(result: dict[str, Any]) -> None:
    """The plan as a table of sessions by week, then each week's goals."""
    company = f" for {result['company_name']}" if result.get("company_name") else ""
    render.console.print(
        f"[bold]{result['days_left']} days to your interview{company}[/] "
        f"({result['interview_date']}), {result['hours_per_week']:g} h a week, "
        f"{result['mode']} plan",
        highlight=False,
    )
    render.console.print(_table(result["weeks"]))
    for week in result["weeks"]:
        goals = " ".join(week["goals"])
        render.console.print(f"[bold]Week {week['number']}:[/] {goals}", highlight=False)
    if result.get("ics"):
        render.console.print(_ics_line(result["ics"]), highlight=False)


def _ics_line(ics: dict[str, Any]) -> str:
    count = ics["cancelled"]
    dropped = ""
    if count:
        dropped = f" and {count} cancellation{'s' * (count != 1)} of dropped sessions"
    return f"Wrote {ics['events']} calendar events{dropped} to [bold]{escape(ics['path'])}[/]"


def _table(weeks: list[dict[str, Any]]) -> Table:
    """One row per session, a section per week; a phase is named where it starts."""
    table = Table(title="Study plan")
    for column in ("week", "phase", "date", "min", "activity", "topics", "suggested"):
        table.add_column(column)
    shown_phase = None
    for week in weeks:
        for index, session in enumerate(week["sessions"]):
            phase = session["phase"].replace("-", " ")
            table.add_row(
                f"{week['number']} ({week['minutes']} min)" if index == 0 else "",
                phase if phase != shown_phase or index == 0 else "",
                session["date"],
                str(session["minutes"]),
                session["activity"],
                ", ".join(session["topics"]),
                ", ".join(session["item_ids"][:SHOWN_ITEMS])
                + (" …" if len(session["item_ids"]) > SHOWN_ITEMS else ""),
            )
            shown_phase = phase
        table.add_section()
    return table
