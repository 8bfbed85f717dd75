"""Golden results: one learner submission per outcome, judged on softmax, compared as JSON.

Each `golden/<outcome>/` holds `submission.py` and `expected.json` (`JudgeResult.to_dict()`
without volatile fields). After a deliberate change to messages or the result format, rewrite
them with `MLCOACH_UPDATE_GOLDEN=1 pytest tests/judge/test_golden.py` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mlcoach.content import load_bank
from mlcoach.content.models import Challenge
from mlcoach.judge.pool import ZygoteExecutor
from mlcoach.judge.runner import judge
from mlcoach.judge.sandbox import protections

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
VERDICTS = {
    "pass": "AC",
    "fail": "WA",
    "partial": "PARTIAL",
    "syntax-error": "CE",
    "import-error": "CE",
    "missing-entry-point": "CE",
    "runtime-error": "RE",
    "timeout": "TLE",
    "memory": "MLE",
    "output-flood": "OLE",
    "blocked": "SV",
}
VOLATILE = ("duration_ms", "executor", "protections")
_STDOUT_KEEP = 200
# Under load a CPU-bound loop may meet the wall clock before its CPU limit: same verdict.
_TIME_DETAIL = re.compile(r"\((CPU time limit|wall-clock limit)\)")


def normalise(result: dict[str, Any]) -> dict[str, Any]:
    """Drop what changes from run to run; shorten a flood of stdout to its head and size."""
    data = {k: v for k, v in result.items() if k not in VOLATILE}
    data["cases"] = [
        {k: v for k, v in case.items() if k not in VOLATILE} for case in result["cases"]
    ]
    for case in data["cases"]:
        case["message"] = _TIME_DETAIL.sub("(time limit)", case["message"])
    data["message"] = _TIME_DETAIL.sub("(time limit)", data["message"])
    stdout = data["stdout"]
    if len(stdout) > _STDOUT_KEEP:
        data["stdout"] = f"{stdout[:_STDOUT_KEEP]}... [{len(stdout)} characters]"
    return data


@pytest.fixture(scope="module")
def softmax() -> Challenge:
    """The shipped softmax challenge; shorter time limits only so the timeout case is quick."""
    challenge = load_bank(REPO / "content").bank.get("softmax")
    assert isinstance(challenge, Challenge)
    limits = challenge.limits.model_copy(update={"wall_seconds": 2.0, "cpu_seconds": 1.0})
    return challenge.model_copy(update={"limits": limits})


@pytest.fixture(scope="module")
def executor() -> Iterator[ZygoteExecutor]:
    pool = ZygoteExecutor(size=1)
    yield pool
    pool.close()


def test_every_outcome_has_a_golden_folder() -> None:
    folders = {p.name for p in GOLDEN.iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert folders == set(VERDICTS)
    for name in folders:
        assert (GOLDEN / name / "submission.py").is_file()


@pytest.mark.parametrize("outcome", sorted(VERDICTS))
def test_golden(outcome: str, softmax: Challenge, executor: ZygoteExecutor) -> None:
    if outcome == "blocked" and protections()["seccomp"] != "on":
        pytest.skip(f"seccomp: {protections()['seccomp']}")
    folder = GOLDEN / outcome
    result = judge(softmax, (folder / "submission.py").read_text(encoding="utf-8"), executor)
    got = normalise(result.to_dict())
    expected_file = folder / "expected.json"
    if os.environ.get("MLCOACH_UPDATE_GOLDEN") == "1":
        expected_file.write_text(
            json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    assert got["verdict"] == VERDICTS[outcome], got
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))


def test_normalise_keeps_what_matters() -> None:
    raw = {
        "verdict": "TLE",
        "duration_ms": 3.2,
        "executor": "zygote",
        "protections": ["uid"],
        "message": "TLE: 0/1 (wall-clock limit)",
        "stdout": "x" * 500,
        "cases": [
            {
                "name": "a",
                "message": "time limit exceeded (CPU time limit)",
                "duration_ms": 1.0,
                "expected": None,
            }
        ],
    }
    data = normalise(raw)
    assert set(data) == {"verdict", "message", "stdout", "cases"}
    assert data["cases"] == [
        {"name": "a", "message": "time limit exceeded (time limit)", "expected": None}
    ]
    assert data["stdout"].endswith("... [500 characters]")
    assert data["message"] == "TLE: 0/1 (time limit)"
