"""The `mlcoach` command."""

from __future__ import annotations

import typer

from mlcoach import __version__
from mlcoach.cli import (
    anki,
    challenge,
    content,
    data,
    db,
    decks,
    doctor,
    grade,
    imports,
    interview,
    plan,
    practice,
    progress,
    serve,
)

app = typer.Typer(
    help="mlcoach: rehearse machine-learning engineer interviews.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(content.app, name="content")
app.add_typer(db.app, name="db")
app.add_typer(challenge.app, name="challenge")
app.command("doctor")(doctor.doctor)
app.command("grade")(grade.grade)
for module in (practice, progress, interview, plan, data, imports, decks, anki, serve):
    module.register(app)


@app.command("version")
def version() -> None:
    """Print the version."""
    print(__version__)


def main() -> None:
    app()
