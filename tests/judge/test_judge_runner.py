"""The runner and verdicts, in-process with the FakeExecutor (no sandbox, trusted code only)."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from mlcoach.content import load_bank
from mlcoach.content.models import Challenge
from mlcoach.judge import child, wire
from mlcoach.judge.child import frame
from mlcoach.judge.executor import ExecOutcome, Job
from mlcoach.judge.fake import FakeExecutor
from mlcoach.judge.process import end_with_workdir, workdir_over
from mlcoach.judge.results import (
    RESULT_VERSION,
    CaseResult,
    CaseStatus,
    JudgeResult,
    Verdict,
    overall_verdict,
)
from mlcoach.judge.runner import driver_source, judge

REPO = Path(__file__).resolve().parents[2]
S = CaseStatus


def cases(*statuses: CaseStatus) -> tuple[CaseResult, ...]:
    return tuple(CaseResult(f"c{i}", status) for i, status in enumerate(statuses))


@pytest.mark.parametrize(
    ("statuses", "verdict"),
    [
        ((S.PASSED, S.PASSED), Verdict.AC),
        ((S.FAILED, S.FAILED), Verdict.WA),
        ((S.PASSED, S.FAILED), Verdict.PARTIAL),
        ((S.PASSED, S.ERROR), Verdict.PARTIAL),
        ((S.ERROR, S.FAILED), Verdict.RE),
        ((S.ERROR, S.NOT_RUN), Verdict.RE),
        ((S.PASSED, S.TIMEOUT, S.NOT_RUN), Verdict.TLE),
        ((S.PASSED, S.OUTPUT), Verdict.OLE),
        ((S.MEMORY, S.TIMEOUT), Verdict.MLE),
        ((S.OUTPUT, S.TIMEOUT), Verdict.TLE),
        ((S.TIMEOUT, S.BLOCKED, S.MEMORY), Verdict.SV),
        ((S.BLOCKED, S.INTERNAL), Verdict.IE),
        ((S.NOT_RUN,), Verdict.WA),
        ((), Verdict.WA),
    ],
)
def test_overall_verdict_names_the_most_serious_outcome(
    statuses: tuple[CaseStatus, ...], verdict: Verdict
) -> None:
    assert overall_verdict(cases(*statuses)) == verdict


def test_result_json_is_versioned_and_hides_hidden_expectations() -> None:
    shown = CaseResult("a", S.FAILED, "differs", visible=True, expected="1", got="2")
    hidden = CaseResult("b", S.FAILED, "differs", visible=False, expected="1", got="2")
    data = JudgeResult("x", Verdict.WA, (shown, hidden), 12.345).to_dict()
    assert data["version"] == RESULT_VERSION == 1
    assert (data["passed"], data["total"], data["duration_ms"]) == (0, 2, 12.35)
    assert data["cases"][0]["expected"] == "1" and data["cases"][0]["got"] == "2"
    assert "expected" not in data["cases"][1] and "got" not in data["cases"][1]
    json.dumps(data)


TESTS_WITH_DRIVERS = """
import numpy as np
from mlcoach.judge.testkit import call, case, drive, driver

SECRET_EXPECTED = np.array([1.0, 2.0])


def helper_in_the_judge(x):
    return x * 2


@driver
def run_model(sub, x):
    model = sub.Model()
    return model.forward(x), numerical_gradient(lambda v: float(np.sum(v**2)), x)


@case(visible=True)
def forward(t):
    out, grad = t.parts((yield drive("run_model", np.array([1.0, 2.0]))), 2)
    t.close(out, helper_in_the_judge(np.array([1.0, 2.0])))
    t.close(grad, 2 * np.array([1.0, 2.0]), atol=1e-5)


@case()
def must_raise(t):
    got = yield call("check", -1, allow_error=True)
    t.check(getattr(got, "type", None) == "ValueError", "check(-1) must raise ValueError",
            got=got)
"""


def model_challenge(tests: str = TESTS_WITH_DRIVERS) -> Challenge:
    solution = (
        "class Model:\n    def forward(self, x):\n        return 2 * x\n\n\n"
        "def check(v):\n    if v < 0:\n        raise ValueError('negative')\n    return v\n"
    )
    return Challenge(
        id="model-driver",
        difficulty=1,
        title="Model",
        topics=("python",),
        entry_points=("Model", "check"),
        prompt="p",
        starter="s",
        solution=solution,
        tests=tests,
        hints=("h",),
    )


def test_driver_source_ships_only_undecorated_drivers() -> None:
    source = driver_source(TESTS_WITH_DRIVERS)
    tree = ast.parse(source)
    assert [n.name for n in tree.body] == ["run_model"]
    assert isinstance(tree.body[0], ast.FunctionDef) and tree.body[0].decorator_list == []
    for secret in ("SECRET_EXPECTED", "helper_in_the_judge", "@driver", "def forward"):
        assert secret not in source


def test_driver_source_of_a_file_without_drivers_is_empty() -> None:
    assert driver_source("import numpy as np\n\n\ndef f():\n    return 1\n") == ""


def test_drivers_and_allowed_errors_run_end_to_end() -> None:
    challenge = model_challenge()
    result = judge(challenge, challenge.solution, FakeExecutor())
    assert result.verdict == Verdict.AC, result.to_dict()
    wrong = challenge.solution.replace("raise ValueError('negative')", "return 0")
    result = judge(challenge, wrong, FakeExecutor())
    assert result.verdict == Verdict.PARTIAL
    assert "must raise ValueError" in result.cases[1].message


@pytest.fixture(scope="module")
def softmax() -> Challenge:
    challenge = load_bank(REPO / "content").bank.get("softmax")
    assert isinstance(challenge, Challenge)
    return challenge


def test_reference_passes_and_starter_fails_in_the_fake(softmax: Challenge) -> None:
    assert judge(softmax, softmax.solution, FakeExecutor()).verdict == Verdict.AC
    starter = judge(softmax, softmax.starter, FakeExecutor())
    assert starter.verdict == Verdict.RE
    assert "NotImplementedError" in starter.cases[0].message


def test_the_same_error_in_every_case_is_shown_once(softmax: Challenge) -> None:
    result = judge(softmax, softmax.starter, FakeExecutor())
    first, *others = result.cases
    assert result.total == len(others) + 1 > 2
    assert f"(same error in all {result.total} cases)" in first.message
    assert first.message.count("Traceback") == 1 and "NotImplementedError" in first.message
    assert all(c.status is S.ERROR for c in others)
    assert all(c.message.endswith(") raised the same error") for c in others)
    assert all("Traceback" not in c.message for c in others)
    assert f"same error in all {result.total} cases" in result.message


def test_different_errors_each_keep_their_traceback(double: Challenge) -> None:
    source = "def solve(x):\n    raise ValueError(repr(x))\n"
    result = judge(double, source, FakeExecutor())
    assert result.verdict == Verdict.RE
    assert all(c.message.count("Traceback") == 1 for c in result.cases)
    assert all("same error" not in c.message for c in result.cases)


def test_a_blocked_operation_at_import_time_says_what_was_blocked(double: Challenge) -> None:
    # in the fake nothing is blocked: raising the PermissionError the sandbox would cause
    source = "raise PermissionError(13, 'Permission denied', '/etc/passwd')\n" + double.solution
    result = judge(double, source, FakeExecutor())
    assert result.verdict == Verdict.SV
    first, *others = result.cases
    assert first.status is S.BLOCKED
    assert "PermissionError: [Errno 13] Permission denied: '/etc/passwd'" in first.message
    assert 'File "solution.py", line 1, in <module>' in first.message
    assert all(c.status is S.NOT_RUN for c in others)
    assert "Permission denied" in result.message


def test_expected_and_got_are_shown_for_visible_cases_only(softmax: Challenge) -> None:
    wrong = "import numpy as np\n\n\ndef softmax(x):\n    return np.exp(np.asarray(x, float))\n"
    result = judge(softmax, wrong, FakeExecutor())
    assert result.verdict == Verdict.WA
    visible = [c for c in result.to_dict()["cases"] if c["visible"]]
    hidden = [c for c in result.to_dict()["cases"] if not c["visible"]]
    assert visible and hidden
    assert all(c["expected"] and c["got"] for c in visible)
    assert all("expected" not in c and "got" not in c for c in hidden)


def test_visible_only_runs_just_the_visible_cases(softmax: Challenge) -> None:
    result = judge(softmax, softmax.solution, FakeExecutor(), visible_only=True)
    assert result.verdict == Verdict.AC
    assert result.total == sum(c.visible for c in result.cases) >= 2


TRACE_SUBMISSION = """import numpy as np


def _inner(z):
    return np.reshape(z, (7, 7))


def softmax(x):
    return _inner(np.asarray(x))
"""


def test_tracebacks_are_trimmed_to_the_learners_frames(softmax: Challenge) -> None:
    result = judge(softmax, TRACE_SUBMISSION, FakeExecutor())
    assert result.verdict == Verdict.RE
    message = result.cases[0].message
    assert 'File "solution.py", line 9, in softmax' in message
    assert 'File "solution.py", line 5, in _inner' in message
    assert "return np.reshape(z, (7, 7))" in message
    assert "cannot reshape" in message
    for noise in ("fromnumeric", "child.py", "runner.py", "site-packages"):
        assert noise not in message


def test_user_traceback_keeps_only_submission_frames() -> None:
    source = "def f():\n    g()\n\n\ndef g():\n    raise KeyError('k')\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, child.SUBMISSION_FILENAME, "exec"), namespace)
    try:
        namespace["f"]()
    except KeyError as exc:
        text = child.user_traceback(exc)
    assert text.startswith("Traceback (most recent call last):")
    assert text.count('File "solution.py"') == 2
    assert "test_judge_runner.py" not in text
    assert text.rstrip().endswith("KeyError: 'k'")
    try:
        raise ValueError("x" * 10_000)
    except ValueError as exc:
        assert child.user_traceback(exc, limit_chars=500).endswith("[traceback truncated]")


def test_syntax_error_and_missing_entry_point_are_compile_errors(double: Challenge) -> None:
    syntax = judge(double, "def solve(x)\n    return x\n", FakeExecutor())
    assert syntax.verdict == Verdict.CE and "SyntaxError" in syntax.message
    assert "line 1" in syntax.message
    missing = judge(double, "def other(x):\n    return x\n", FakeExecutor())
    assert missing.verdict == Verdict.CE and "define solve" in missing.message
    assert all(c.status is S.NOT_RUN for c in missing.cases)


def test_print_flood_in_the_fake_is_ole(double: Challenge) -> None:
    result = judge(
        double, "def solve(x):\n    while True:\n        print('spam')\n", FakeExecutor()
    )
    assert result.verdict == Verdict.OLE
    assert result.stdout_truncated and len(result.stdout) == double.limits.output_kb * 1024


def test_printing_within_the_limit_is_kept(double: Challenge) -> None:
    result = judge(double, "def solve(x):\n    print('hi')\n    return 2 * x\n", FakeExecutor())
    assert result.verdict == Verdict.AC
    assert result.stdout == "hi\n" * 3 and not result.stdout_truncated


def test_a_broken_test_file_is_an_internal_error_not_the_learners(double: Challenge) -> None:
    broken = double.model_copy(update={"id": "broken-tests", "tests": "import nope_nope\n"})
    result = judge(broken, broken.solution, FakeExecutor())
    assert result.verdict == Verdict.IE
    assert "could not prepare the tests" in result.message


class Scripted:
    """An executor that returns a fixed outcome, to check how endings become verdicts."""

    name = "scripted"

    def __init__(self, ending: str, frames: list[dict[str, Any]], detail: str = ""):
        self.outcome = ExecOutcome(ending, b"".join(frame(f) for f in frames), 5.0, detail)

    def run(self, job: Job) -> ExecOutcome:
        return self.outcome

    def protections(self) -> dict[str, str]:
        return {"rlimits": "on", "landlock": "off: test"}

    def close(self) -> None:
        return None


def ok(i: int, value: Any) -> dict[str, Any]:
    return {"t": "case", "i": i, "ok": True, "ms": 1.0, "value": wire.encode(value)}


@pytest.mark.parametrize(
    ("ending", "status", "verdict"),
    [
        ("timeout", S.TIMEOUT, Verdict.TLE),
        ("memory", S.MEMORY, Verdict.MLE),
        ("blocked", S.BLOCKED, Verdict.SV),
        ("output", S.OUTPUT, Verdict.OLE),
        ("crashed", S.ERROR, Verdict.PARTIAL),
        ("internal", S.INTERNAL, Verdict.IE),
    ],
)
def test_an_early_end_explains_the_first_unanswered_case(
    double: Challenge, ending: str, status: CaseStatus, verdict: Verdict
) -> None:
    import numpy as np

    executor = Scripted(ending, [ok(0, np.array([2.0, 4.0, 6.0]))], detail="why")
    result = judge(double, double.solution, executor)
    assert [c.status for c in result.cases] == [S.PASSED, status, S.NOT_RUN]
    assert result.verdict == verdict
    assert result.cases[1].message.endswith("(why)")
    assert result.executor == "scripted" and result.protections == ("rlimits",)


def test_errors_map_to_their_verdicts(double: Challenge) -> None:
    def error(kind: str, errno: int | None = None) -> dict[str, Any]:
        return {
            "t": "case",
            "i": 0,
            "ok": False,
            "ms": 1.0,
            "error": {"type": kind, "message": "m", "errno": errno, "trace": ""},
        }

    done = {"t": "done", "stdout": "", "truncated": False}
    for frames, verdict in (
        ([error("MemoryError")], Verdict.MLE),
        ([error("PermissionError", 13)], Verdict.SV),
        ([error("OSError", 27)], Verdict.OLE),  # EFBIG: one file over the limit
        ([error("OSError", 28)], Verdict.OLE),  # ENOSPC: the work folder is full
        ([error("ZeroDivisionError")], Verdict.RE),
    ):
        result = judge(double, double.solution, Scripted("finished", [*frames, done]))
        assert result.verdict == verdict, (frames, result.to_dict())


def test_work_folder_size_check(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"x" * 600)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b").write_bytes(b"x" * 600)
    (tmp_path / "link").symlink_to("/usr/bin/env")  # not followed
    assert workdir_over(str(tmp_path), 1000)
    assert not workdir_over(str(tmp_path), 1300)
    assert not workdir_over(str(tmp_path / "missing"), 0)
    for i in range(10):
        (tmp_path / f"empty{i}").touch()
    assert workdir_over(str(tmp_path), 10_000, limit_entries=10)  # a flood of empty files
    assert not workdir_over(str(tmp_path), 10_000, limit_entries=20)
    assert end_with_workdir("timeout", "wall", over=True) == (
        "output",
        "files written over the limit",
    )
    assert end_with_workdir("finished", "", over=False) == ("finished", "")
    assert end_with_workdir("blocked", "syscall", over=True) == ("blocked", "syscall")
