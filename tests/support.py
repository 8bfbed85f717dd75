"""Helpers shared by test modules (on sys.path through pytest's `pythonpath = ["tests"]`)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
FIXTURE_BANK = REPO / "tests" / "fixtures" / "bank"
CHALLENGES = REPO / "content" / "challenges"


def copy_fixture_bank(tmp_path: Path) -> Path:
    """A private copy of the fixture bank, named `content/` so problem paths start there."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE_BANK, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file; fails loudly when `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_solution(challenge_id: str, filename: str = "solution.py") -> ModuleType:
    """A challenge's reference file loaded as a fresh module."""
    path = CHALLENGES / challenge_id / filename
    name = f"ref_{challenge_id.replace('-', '_')}_{path.stem.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
