"""Building the Coach for a CLI command (settings read here, once, at the edge)."""

from __future__ import annotations

from mlcoach.services.coach import Coach
from mlcoach.settings import get_settings


def coach_from_env() -> Coach:
    return Coach(get_settings())
