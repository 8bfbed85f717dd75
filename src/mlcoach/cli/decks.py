"""`mlcoach decks ...`: list, show, rename and delete the decks you imported."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.services import decks as service

app = typer.Typer(help="Your imported decks: list, show, rename, delete.", no_args_is_help=True)


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


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="The deck to list")],
    json_output: Annotated[bool, typer.Option("--json", help="Print the items as JSON")] = False,
) -> None:
    """List a deck's items: id, kind and title (the id goes to `mlcoach content show ID`)."""
    try:
        found = service.deck_contents(coach_from_env(), name)
    except service.DeckError as exc:
        render.error(str(exc))
        raise typer.Exit(2) from None
    if json_output:
        render.print_json(found)
        return
    out = render.console
    out.print(f"{found['name']}: {len(found['items'])} items", markup=False, highlight=False)
    # one item per block, not a table: an id must never be cut short at any terminal width
    for item in found["items"]:
        out.print(f"{item['id']}  ({item['kind']})", markup=False, highlight=False, soft_wrap=True)
        out.print(f"    {item['title']}{_note(item)}", markup=False, highlight=False)
    if found["items"]:
        out.print("See one in full with `mlcoach content show ID`.", markup=False)


def _note(item: dict[str, Any]) -> str:
    if item["status"] == "linked":
        return f" [same as shipped item {item['same_as']}: practised as that one]"
    if item["status"] == "answerless":
        return " [no answer: not practised]"
    return ""


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
