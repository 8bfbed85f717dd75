"""`mlcoach doctor`: what this machine can enforce, said once and plainly."""

from __future__ import annotations

from typing import Annotated

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.judge.sandbox import protections


def doctor(json_output: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Report the sandbox protections available here, the database and the bank."""
    coach = coach_from_env()
    available = protections()
    report = {
        "protections": available,
        "database": coach.settings.effective_database_url,
        "content_dir": str(coach.settings.content_dir),
        "items": len(coach.bank.items),
    }
    if json_output:
        render.print_json(report)
        return
    for name, state in available.items():
        color = "green" if state == "on" else "yellow"
        render.console.print(f"[{color}]{name:9s}[/] {state}")
    render.console.print(
        f"database  {report['database']}\ncontent   {report['content_dir']} "
        f"({report['items']} items)"
    )
