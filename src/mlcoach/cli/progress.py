"""`mlcoach progress`: mastery per topic, streak, what is due and readiness per dimension."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.cli.practice import local_time_text
from mlcoach.services.practice import PracticeError
from mlcoach.services.progress import progress_report


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("progress")(progress)


def progress(
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Show mastery per topic, your streak, what is due and your readiness per dimension."""
    try:
        report = progress_report(coach_from_env())
    except PracticeError as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    if json_output:
        render.print_json(report)
    else:
        show(report)


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def show(report: dict[str, Any]) -> None:
    """The report as tables: readiness, mastery per topic, then streak and what is due."""
    overall = report["overall_readiness"]
    render.console.print(f"[bold]Readiness {_percent(overall)}/100[/]")
    render.table(
        "Readiness per scorecard dimension",
        ["dimension", "weight", "score", "evidence", "based on"],
        [
            [d["title"], f"{d['weight']:.0%}", _percent(d["score"]), d["evidence"], d["basis"]]
            for d in report["readiness"].values()
        ],
    )
    render.table(
        "Mastery per topic",
        ["topic", "mastery", "practised", "due"],
        [
            [t["title"], f"{100 * t['mastery']:.0f}%", f"{t['practised']}/{t['items']}", t["due"]]
            for t in report["topics"]
        ],
    )
    streak = report["streak"]
    today = "practised today" if streak["practised_today"] else "not yet today"
    render.console.print(
        f"Streak: {_days(streak['current'])}, longest {_days(streak['longest'])} ({today})"
    )
    render.console.print(f"Weakest topics: {', '.join(report['weakest_topics']) or '–'}")
    due = report["due"]
    line = f"Due now {due['now']}, by the end of today {due['today']}, new today {due['new_today']}"
    if due["next_due_local"]:
        line += f"; next review {local_time_text(due['next_due_local'])}"
    render.console.print(line + ". Run `mlcoach practice` to work through it.", highlight=False)
