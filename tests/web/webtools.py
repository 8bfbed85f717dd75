"""Helpers for the web app's tests: the shipped bank, a private database, a fixed clock, the
hashing embedder (the real model is exercised in one test) and the in-process judge."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from mlcoach.services.coach import Coach
from mlcoach.settings import Settings
from support import build_coach

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HTMX = {"HX-Request": "true"}


def make_coach(tmp_path: Path) -> Coach:
    return build_coach(Settings(data_dir=tmp_path, content_dir=CONTENT), clock=lambda: NOW)


def solution_source(challenge_id: str) -> str:
    return (CONTENT / "challenges" / challenge_id / "solution.py").read_text(encoding="utf-8")


def two_question_blueprint(blueprint_id: str, title: str, concept_item: str) -> str:
    """A two-minute mock-interview blueprint: one concept question, then one story, a minute
    each (tests write it to a file and start it through "Use your own blueprint file")."""
    return f"""
id = "{blueprint_id}"
title = "{title}"
duration_minutes = 2

[[sections]]
id = "concepts"
kind = "concept"
title = "Concepts"
minutes = 1
count = 1
items = ["{concept_item}"]

[[sections]]
id = "story"
kind = "behavioral"
title = "A story"
minutes = 1
count = 1
items = ["project-proud-of"]
"""
