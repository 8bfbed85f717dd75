"""Shared pieces for the judge tests: a tiny challenge and a look at the process table."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mlcoach.content.models import Challenge, Limits

REPO = Path(__file__).resolve().parents[2]

DOUBLE_TESTS = """
import numpy as np
from mlcoach.judge.testkit import call, case


@case(visible=True)
def doubles_a_vector(t):
    x = np.array([1.0, 2.0, 3.0])
    got = yield call("solve", x)
    t.close(got, 2 * x, what="solve([1, 2, 3])")


@case()
def doubles_a_matrix(t):
    x = t.rng.normal(size=(3, 4))
    got = yield call("solve", x)
    t.close(got, 2 * x, what="solve(matrix)")


@case()
def doubles_a_scalar(t):
    got = yield call("solve", 2.5)
    t.close(got, 5.0, what="solve(2.5)")
"""

DOUBLE_SOLUTION = "def solve(x):\n    return 2 * x\n"


def double_challenge(**limits: float) -> Challenge:
    """A fast challenge for sandbox tests: `solve(x)` doubles its input; 3 cases."""
    settings = {"wall_seconds": 2, "cpu_seconds": 1, "memory_mb": 256, "output_kb": 16, **limits}
    return Challenge(
        id="double-it",
        difficulty=1,
        title="Double it",
        topics=("python",),
        entry_points=("solve",),
        limits=Limits(**settings),
        prompt="Return `2 * x`.",
        starter="def solve(x):\n    raise NotImplementedError\n",
        solution=DOUBLE_SOLUTION,
        tests=DOUBLE_TESTS,
        hints=("Multiply by two.",),
    )


@pytest.fixture(scope="session")
def double() -> Challenge:
    return double_challenge()


@pytest.fixture(scope="session")
def make_double() -> Callable[..., Challenge]:
    """The same challenge with other limits, e.g. `make_double(memory_mb=512)`."""
    return double_challenge


@pytest.fixture(scope="session")
def family() -> Callable[[], dict[int, int]]:
    """Snapshot of the processes below this test process: pid -> uid."""
    return descendants


def process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, real uid) for every process we can see in /proc."""
    table: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:  # it ended while we looked
            continue
        table[int(entry)] = (int(fields["PPid"]), int(fields["Uid"].split()[0]))
    return table


def descendants(root: int | None = None) -> dict[int, int]:
    """Every process below `root` (default: this test process): pid -> uid."""
    table = process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found: dict[int, int] = {}
    stack = [os.getpid() if root is None else root]
    while stack:
        for child in children.get(stack.pop(), []):
            found[child] = table[child][1]
            stack.append(child)
    return found
