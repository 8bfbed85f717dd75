"""`mlcoach export` / `mlcoach import-progress`: all of a learner's records as one JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.services import data as service

JsonFlag = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


def register(app: typer.Typer) -> None:
    """Attach this module's commands to the root app."""
    app.command("export")(export)
    app.command("import-progress")(import_progress)


def _fail(message: str) -> NoReturn:
    render.error(message)
    raise typer.Exit(2)


def export(
    file: Annotated[Path, typer.Argument(help="Where to write the JSON file")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists")] = False,
    json_output: JsonFlag = False,
) -> None:
    """Write your profile, attempts, cards, reviews, interviews, decks and stories to FILE."""
    if file.is_dir():
        _fail(f"{file} is a folder; give a file name, e.g. {file / 'mlcoach-export.json'}")
    if file.exists() and not force:
        _fail(f"{file} already exists; pass --force to overwrite it or choose another FILE")
    if not file.parent.is_dir():
        _fail(f"{file}: the folder {file.parent} does not exist; create it first")
    data = service.export_user_data(coach_from_env())
    try:
        service.write_atomically(file, _json_text(data).encode("utf-8"))
    except OSError as exc:
        _fail(f"{file}: cannot write it ({exc.strerror or exc}); choose another FILE")
    counts = service.export_summary(data)
    if json_output:
        render.print_json({"path": str(file), "exported": counts})
    else:
        _show_counts(f"Exported to {file}", counts)


def _json_text(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def import_progress(
    file: Annotated[Path, typer.Argument(help="A file written by `mlcoach export`")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Remove your current records first")
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Load an export into this database, in one transaction (a bad file imports nothing)."""
    data = _read_json(file)
    try:
        result = service.import_user_data(coach_from_env(), data, replace=replace)
    except service.DataFileError as exc:
        problems = "\n".join(f"  {file}: {p}" for p in exc.problems)
        _fail(f"{file} cannot be imported, nothing was changed:\n{problems}")
    except service.DataError as exc:
        _fail(str(exc))
    if json_output:
        render.print_json(result)
        return
    _show_counts(
        f"Imported {file}" + (" (replaced your records)" if replace else ""), result["imported"]
    )
    for old, new in result["renamed_interview_sessions"].items():
        render.console.print(f"interview session {old} was already taken; now {new}")


def _read_json(file: Path) -> Any:
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        _fail(f"{file}: no such file; give the path of a file written by `mlcoach export`")
    except IsADirectoryError:
        _fail(f"{file} is a folder; give the path of a file written by `mlcoach export`")
    except UnicodeDecodeError as exc:
        _fail(f"{file}: not a UTF-8 text file ({exc}); give a file written by `mlcoach export`")
    except OSError as exc:
        _fail(f"{file}: cannot read it ({exc.strerror or exc}); check its permissions")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(
            f"{file}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); "
            "was the file edited or cut short?"
        )


def _show_counts(title: str, counts: dict[str, int]) -> None:
    listed = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items())
    render.console.print(f"{title}: {listed}", highlight=False)
