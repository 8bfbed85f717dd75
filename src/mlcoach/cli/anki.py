"""`mlcoach export-anki`: take a deck, or shipped questions by topic, to Anki."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.services import anki as service


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("export-anki")(export_anki)


def export_anki(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The .apkg file to write")],
    deck: Annotated[str | None, typer.Option(help="Export this imported deck")] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(help="Export shipped concept questions of this topic (repeatable)"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the result as JSON")] = False,
) -> None:
    """Write an Anki package: question on the front, model answer and key points on the back."""
    if file.exists() and not file.is_dir() and not force:  # a folder gets its own message
        render.error(
            f"FILE: {file} already exists; pass --force to overwrite it or choose another FILE"
        )
        raise typer.Exit(2)
    try:
        result = service.export_anki(coach_from_env(), file, deck=deck, topics=topic or ())
    except service.ExportError as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    if json_output:
        render.print_json(result)
    else:
        notes = f"{result['notes']} note{'' if result['notes'] == 1 else 's'}"
        render.console.print(
            f"Wrote {notes} (Anki deck '{result['deck']}') to {result['path']}.", highlight=False
        )
