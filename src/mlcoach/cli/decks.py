"""`mlcoach decks ...`: list, rename and delete the decks you imported."""

from __future__ import annotations

from typing import Annotated

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.services import decks as service

app = typer.Typer(help="Your imported decks: list, rename, delete.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    root.add_typer(app, name="decks")


@app.command("list")
def list_(
    json_output: Annotated[bool, typer.Option("--json", help="Print the decks as JSON")] = False,
) -> None:
    """Each deck with its questions, answerless cards and items linked to the shipped bank."""
    found = service.list_decks(coach_from_env())
    if json_output:
        render.print_json(found)
        return
    if not found:
        render.console.print("No decks yet: import one with `mlcoach import FILE.md`.")
        return
    render.table(
        "Decks",
        ["name", "questions", "answerless", "linked", "kinds", "source"],
        [
            [
                d["name"],
                d["items"],
                d["answerless"],
                d["linked"],
                ", ".join(f"{n} {k}" for k, n in d["by_kind"].items()),
                d["source"],
            ]
            for d in found
        ],
    )


@app.command("rename")
def rename(
    old: Annotated[str, typer.Argument(help="The deck's current name")],
    new: Annotated[str, typer.Argument(help="Its new name")],
) -> None:
    """Rename a deck (item ids and your practice history stay as they are)."""
    try:
        service.rename_deck(coach_from_env(), old, new)
    except service.DeckError as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    render.console.print(f"Renamed '{old}' to '{new}'.", highlight=False)


@app.command("delete")
def delete(
    name: Annotated[str, typer.Argument(help="The deck to delete")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Delete a deck with its items and your cards and attempts for them."""
    coach = coach_from_env()
    try:
        found = service.deck_summary(coach, name)  # an unknown name fails before the question
        question = f"Delete deck '{name}' ({found['items']} questions) and your history for it?"
        if not yes and not typer.confirm(question):
            render.console.print("Nothing deleted.")
            raise typer.Exit(1)
        result = service.delete_deck(coach, name)
    except service.DeckError as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    render.console.print(f"Deleted '{name}' ({result['items']} items).", highlight=False)
