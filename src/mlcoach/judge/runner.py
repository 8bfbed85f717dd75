"""Judge a submission: build each case's inputs here, run them in an executor, check replies here.

The judge process never fails because the submission did: every way a run can end maps to a
verdict, and only a bug in our own test files or executors gives IE.
"""

from __future__ import annotations

import ast
import contextlib
import errno
import math
import time
import types
import zlib
from collections.abc import Generator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from mlcoach.content.models import Challenge
from mlcoach.judge import wire
from mlcoach.judge.child import read_frames
from mlcoach.judge.executor import ExecOutcome, Executor, Job
from mlcoach.judge.results import CaseResult, CaseStatus, JudgeResult, Verdict, overall_verdict
from mlcoach.judge.testkit import CaseContext, CaseFailure, CaseSpec, Raised, Request

# How a run that ended early explains the first case it did not finish.
_ENDING_STATUS = {
    "timeout": (CaseStatus.TIMEOUT, "time limit exceeded"),
    "memory": (CaseStatus.MEMORY, "memory limit exceeded"),
    "output": (CaseStatus.OUTPUT, "output limit exceeded (printing or writing files)"),
    "blocked": (CaseStatus.BLOCKED, "the sandbox blocked a forbidden operation"),
    "crashed": (CaseStatus.ERROR, "your process crashed"),
    "internal": (CaseStatus.INTERNAL, "internal judge error"),
}
_ERROR_STATUS = {"MemoryError": CaseStatus.MEMORY, "PermissionError": CaseStatus.BLOCKED}
# Code that did not load: a limit or the sandbox may have stopped it, else it is broken (CE).
_LOAD_ENDING_VERDICT = {
    "timeout": Verdict.TLE,
    "memory": Verdict.MLE,
    "blocked": Verdict.SV,
    "output": Verdict.OLE,
}
_LOAD_ERROR_VERDICT = {"PermissionError": Verdict.SV, "MemoryError": Verdict.MLE}
_VERDICT_STATUS = {
    Verdict.TLE: CaseStatus.TIMEOUT,
    Verdict.MLE: CaseStatus.MEMORY,
    Verdict.SV: CaseStatus.BLOCKED,
    Verdict.OLE: CaseStatus.OUTPUT,
}
# A disk flood: one file over the size limit, or the capped work folder full.
_DISK_ERRNOS = (errno.EFBIG, errno.ENOSPC, errno.EDQUOT)


@dataclass(frozen=True)
class Suite:
    cases: tuple[CaseSpec, ...]
    drivers: str
    reference: types.ModuleType


class SuiteError(Exception):
    """Our own test file is broken (reported by `content check`, never blamed on a learner)."""


@lru_cache(maxsize=128)
def load_suite(challenge_id: str, tests: str, solution: str) -> Suite:
    namespace: dict[str, Any] = {"__name__": f"mlcoach_tests_{challenge_id.replace('-', '_')}"}
    try:
        exec(compile(tests, f"test_{challenge_id}.py", "exec"), namespace)
    except Exception as exc:
        raise SuiteError(f"test_{challenge_id}.py failed to load: {exc!r}") from exc
    cases = tuple(v.__mlcoach_case__ for v in namespace.values() if hasattr(v, "__mlcoach_case__"))
    reference = types.ModuleType(f"reference_{challenge_id.replace('-', '_')}")
    try:
        exec(compile(solution, "reference_solution.py", "exec"), reference.__dict__)
    except Exception as exc:
        raise SuiteError(f"solution.py failed to load: {exc!r}") from exc
    return Suite(cases, driver_source(tests), reference)


def driver_source(tests: str) -> str:
    """The source of every `@driver` function, without decorators: all the sandbox gets."""
    tree = ast.parse(tests)
    parts = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
            isinstance(d, ast.Name) and d.id == "driver" for d in node.decorator_list
        ):
            node.decorator_list = []
            parts.append(ast.unparse(node))
    return "\n\n".join(parts)


@dataclass
class _Pending:
    spec: CaseSpec
    gen: Generator[Request, Any, None]
    request: Request


def judge(
    challenge: Challenge, source: str, executor: Executor, visible_only: bool = False
) -> JudgeResult:
    start = time.perf_counter()
    try:
        suite = load_suite(challenge.id, challenge.tests, challenge.solution)
        pending = _prepare(challenge, suite, visible_only)
        job = Job(
            source,
            suite.drivers,
            tuple(wire.encode(_request_dict(p.request)) for p in pending),
            tuple(challenge.entry_points),
            challenge.limits,
        )
    except Exception as exc:  # our test file is broken: say so, blame nobody else
        return _internal(challenge.id, f"could not prepare the tests: {exc}", start)
    outcome = executor.run(job)
    try:
        return _evaluate(challenge.id, pending, outcome, executor, start)
    except Exception as exc:  # a bug of ours: the frames were cleaned, so never the learner's
        return _internal(challenge.id, f"could not evaluate the run: {exc!r}", start)
    finally:
        for p in pending:
            with contextlib.suppress(Exception):  # a case misbehaving on close changes nothing
                p.gen.close()


def _prepare(challenge: Challenge, suite: Suite, visible_only: bool) -> list[_Pending]:
    pending = []
    for spec in suite.cases:
        if visible_only and not spec.visible:
            continue
        seed = zlib.crc32(f"{challenge.id}/{spec.name}".encode())
        ctx = CaseContext(
            np.random.default_rng(seed),
            suite.reference,
            challenge.tolerances.rtol,
            challenge.tolerances.atol,
        )
        gen = spec.fn(ctx)
        request = next(gen)
        if not isinstance(request, Request):
            raise SuiteError(f"case {spec.name} yielded {type(request).__name__}, not a request")
        pending.append(_Pending(spec, gen, request))
    if not pending:
        raise SuiteError("no cases selected")
    return pending


def _request_dict(request: Request) -> dict[str, Any]:
    return {
        "target": request.target,
        "args": request.args,
        "kwargs": request.kwargs,
        "is_driver": request.is_driver,
    }


def _evaluate(
    challenge_id: str,
    pending: list[_Pending],
    outcome: ExecOutcome,
    executor: Executor,
    start: float,
) -> JudgeResult:
    frames, damaged = read_frames(outcome.frames_bytes)
    # Frames are untrusted (the submission can write to its result pipe): only well-formed
    # fields of the expected types are used, so forged frames cannot break the judge.
    frames = [f for f in frames if isinstance(f, dict)]
    by_kind = {f["t"]: f for f in frames if isinstance(f.get("t"), str)}
    done = by_kind.get("done", {})
    truncated = done.get("truncated") is True
    common: dict[str, Any] = {
        "stdout": _text(done.get("stdout")),
        "stdout_truncated": truncated,
        "executor": executor.name,
        "protections": _active(executor),
    }
    if "ce" in by_kind:
        return _not_loaded(challenge_id, pending, by_kind["ce"], outcome, common, start)
    replies: dict[int, dict[str, Any]] = {}
    for f in frames:
        index = f.get("i")
        if f.get("t") == "case" and type(index) is int and 0 <= index < len(pending):
            replies.setdefault(index, f)
    ending = outcome.ending
    if ending == "finished" and ("ole" in by_kind):
        ending = "output"
    elif ending == "finished" and (damaged or "done" not in by_kind or len(replies) < len(pending)):
        ending = "crashed"  # it ended without answering every case
    results = []
    explained = False
    for index, p in enumerate(pending):
        if index in replies:
            results.append(_check(p, replies[index]))
        elif not explained:
            status, message = _ENDING_STATUS.get(ending, (CaseStatus.INTERNAL, ending))
            results.append(
                CaseResult(
                    p.spec.name, status, _with_detail(message, outcome), visible=p.spec.visible
                )
            )
            explained = True
        else:
            results.append(
                CaseResult(
                    p.spec.name,
                    CaseStatus.NOT_RUN,
                    "not run: an earlier case stopped the program",
                    visible=p.spec.visible,
                )
            )
    if _all_raised_the_same(pending, replies):
        results = _say_shared_error_once(pending, results)
    cases = tuple(results)
    verdict = overall_verdict(cases)
    message = _summary(verdict, cases)
    if truncated and verdict in (Verdict.AC, Verdict.PARTIAL, Verdict.WA, Verdict.RE):
        # printing went over the cap even though the code caught the stop and carried on
        verdict = Verdict.OLE
        message = f"OLE: printed output went over the limit and was cut off ({message})"
    return JudgeResult(challenge_id, verdict, cases, _ms(start), message, **common)


def _not_loaded(
    challenge_id: str,
    pending: list[_Pending],
    ce: dict[str, Any],
    outcome: ExecOutcome,
    common: dict[str, Any],
    start: float,
) -> JudgeResult:
    """The code did not load, so no case ran. CE when it is broken; when a limit or the sandbox
    stopped it (e.g. a blocked open() at module level), the first case carries the reason too,
    as it would had the same thing happened inside a function."""
    trace = _text(ce.get("trace"))
    reason = _text(ce.get("message")) + ("\n" + trace if trace else "")
    verdict = _LOAD_ERROR_VERDICT.get(
        _text(ce.get("error")), _LOAD_ENDING_VERDICT.get(outcome.ending, Verdict.CE)
    )
    cases = [CaseResult(p.spec.name, CaseStatus.NOT_RUN, visible=p.spec.visible) for p in pending]
    status = _VERDICT_STATUS.get(verdict)
    if status is not None:
        first = pending[0].spec
        cases[0] = CaseResult(first.name, status, reason, visible=first.visible)
    return JudgeResult(challenge_id, verdict, tuple(cases), _ms(start), reason, **common)


def _all_raised_the_same(pending: list[_Pending], replies: dict[int, dict[str, Any]]) -> bool:
    """Whether there are several cases and all raised the same error (type, message and
    traceback), e.g. the starter's NotImplementedError."""
    errors = set()
    for index, p in enumerate(pending):
        reply = replies.get(index)
        if reply is None or reply.get("ok") is True or p.request.allow_error:
            return False
        error = reply.get("error")
        error = error if isinstance(error, dict) else {}
        errors.add(tuple(_text(error.get(key)) for key in ("type", "message", "trace")))
    return len(errors) == 1 and len(pending) > 1


def _say_shared_error_once(pending: list[_Pending], results: list[CaseResult]) -> list[CaseResult]:
    """One traceback for all: the first case keeps it, the others name their call only."""
    first, *others = results
    head, newline, trace = first.message.partition("\n")
    note = f"{head} (same error in all {len(results)} cases){newline}{trace}"
    return [replace(first, message=note)] + [
        replace(case, message=f"{p.request.describe()} raised the same error")
        for case, p in zip(others, pending[1:], strict=True)
    ]


def _with_detail(message: str, outcome: ExecOutcome) -> str:
    return f"{message} ({outcome.detail})" if outcome.detail else message


def _check(p: _Pending, reply: dict[str, Any]) -> CaseResult:
    name, visible, ms = p.spec.name, p.spec.visible, _number(reply.get("ms"))
    if reply.get("ok") is not True:
        error = reply.get("error")
        error = error if isinstance(error, dict) else {}
        kind, text = _text(error.get("type")) or "Error", _text(error.get("message"))
        if p.request.allow_error:
            value: Any = Raised(kind, text)
        else:
            status = _ERROR_STATUS.get(kind, CaseStatus.ERROR)
            code = error.get("errno")
            if type(code) is int and code in _DISK_ERRNOS:  # file-size limit or full work folder
                status = CaseStatus.OUTPUT
            message = f"{p.request.describe()} raised {kind}: {text}"
            trace = _text(error.get("trace"))
            return CaseResult(
                name, status, message + ("\n" + trace if trace else ""), visible, duration_ms=ms
            )
    else:
        try:
            encoded = reply.get("value")
            if not isinstance(encoded, bytes):
                raise wire.WireError("no value")
            value = wire.decode(encoded)
        except wire.WireError as exc:
            return CaseResult(
                name,
                CaseStatus.FAILED,
                f"the returned value could not be read: {exc}",
                visible,
                duration_ms=ms,
            )
    try:
        p.gen.send(value)
    except StopIteration:
        return CaseResult(name, CaseStatus.PASSED, "", visible, duration_ms=ms)
    except CaseFailure as failure:
        return CaseResult(
            name,
            CaseStatus.FAILED,
            f"{p.request.describe()}: {failure}",
            visible,
            expected=failure.expected,
            got=failure.got,
            duration_ms=ms,
        )
    except AssertionError as failure:
        return CaseResult(
            name, CaseStatus.FAILED, f"{p.request.describe()}: {failure}", visible, duration_ms=ms
        )
    except Exception as exc:  # the returned value broke a check: wrong shape or type
        return CaseResult(
            name,
            CaseStatus.FAILED,
            f"{p.request.describe()}: the returned value "
            f"could not be checked ({type(exc).__name__}: {exc})",
            visible,
            duration_ms=ms,
        )
    return CaseResult(name, CaseStatus.INTERNAL, "test case yielded twice", visible)


def _summary(verdict: Verdict, cases: tuple[CaseResult, ...]) -> str:
    passed = sum(c.status is CaseStatus.PASSED for c in cases)
    first_bad = next((c for c in cases if c.status is not CaseStatus.PASSED), None)
    text = f"{verdict.value}: {passed}/{len(cases)} cases passed"
    if first_bad is not None:
        text += f"; first problem in '{first_bad.name}': {first_bad.message.splitlines()[0]}"
    return text


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _active(executor: Executor) -> tuple[str, ...]:
    return tuple(sorted(k for k, v in executor.protections().items() if v == "on"))


def _internal(challenge_id: str, message: str, start: float) -> JudgeResult:
    return JudgeResult(challenge_id, Verdict.IE, (), _ms(start), message)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000
