"""`mlcoach import`: turn a Markdown question bank into a deck you can practise."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.services import imports as service


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("import")(import_file)


def import_file(
    file: Annotated[Path, typer.Argument(help="A Markdown file of questions and answers")],
    deck: Annotated[
        str | None, typer.Option(help="Deck to import into (default: the file name)")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be imported; store nothing")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Import questions, answers and draft rubrics from a Markdown file into a deck."""
    coach = coach_from_env()
    try:
        report = service.import_markdown(coach, file, deck=deck, dry_run=dry_run)
    except service.ImportProblem as exc:
        render.error(f"{exc}\nNothing was imported.")
        raise typer.Exit(2) from None
    if json_output:
        render.print_json(report)
    else:
        show(report)


def show(report: dict[str, Any]) -> None:
    """The report in a few lines: what was (or would be) imported, merged and skipped."""
    if report["already_imported"]:
        render.console.print(
            f"{report['source']} is already imported as deck '{report['already_imported']}'; "
            "nothing added."
        )
        return
    verb = "would import" if report["dry_run"] else "imported"
    kinds = ", ".join(f"{n} {kind}" for kind, n in report["by_kind"].items()) or "none"
    render.console.print(
        f"[bold]{report['deck']}[/]: {verb} {report['items']} questions ({kinds}), "
        f"{report['answerless']} without answers, {report['linked']} same as shipped items",
        highlight=False,
    )
    if not report["dry_run"]:
        render.console.print(f"  {report['added']} added, {report['updated']} updated")
    if report["not_in_file"]:
        render.console.print(
            f"  {len(report['not_in_file'])} items of an earlier import are no longer in the "
            "file and were kept; delete the deck and import again to drop them",
            highlight=False,
        )
    for merge in report["merged"]:
        target = f"line {merge['into_line']} " if merge.get("into_line") else ""
        render.console.print(
            f"  merged line {merge['line']} '{merge['question']}' into {target}'{merge['into']}' "
            f"({merge['reason']}, similarity {merge['similarity']})",
            highlight=False,
        )
    for skip in report["skipped"]:
        render.console.print(
            f"  skipped line {skip['line']} '{skip['text']}': {skip['reason']}", highlight=False
        )
