"""`mlcoach db ...`: schema migrations."""

from __future__ import annotations

import typer

from mlcoach.cli import render
from mlcoach.cli.context import coach_from_env
from mlcoach.storage.db import make_engine
from mlcoach.storage.migrate import current_revision, head_revision, upgrade

app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd() -> None:
    """Create or migrate the database to the newest schema (idempotent)."""
    settings = coach_from_env().settings
    engine = make_engine(settings.effective_database_url)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    render.console.print(
        f"database {engine.url.render_as_string(hide_password=True)}: "
        f"{before or 'empty'} -> {after} (head {head_revision()})"
    )
