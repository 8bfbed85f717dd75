"""Building the Coach for a CLI command (settings read here, once, at the edge)."""

from __future__ import annotations

import typer

from mlcoach.cli import render
from mlcoach.services.coach import Coach
from mlcoach.settings import SettingsError, get_settings


def coach_from_env() -> Coach:
    """The Coach over the MLCOACH_ settings; unusable settings end the command with exit 2
    and one line per variable to fix (never a traceback)."""
    try:
        settings = get_settings()
    except SettingsError as exc:
        for problem in exc.problems:
            render.error(problem)
        raise typer.Exit(2) from None
    return Coach(settings)
