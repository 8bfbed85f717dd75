"""Judge verdicts and results: versioned data, the same for CLI, web and storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

RESULT_VERSION = 1


class Verdict(StrEnum):
    AC = "AC"  # accepted: every case passed
    WA = "WA"  # wrong answer: no case passed
    PARTIAL = "PARTIAL"  # some cases passed
    TLE = "TLE"  # time limit exceeded (wall or CPU)
    MLE = "MLE"  # memory limit exceeded
    RE = "RE"  # runtime error in the submission
    CE = "CE"  # the submission does not compile or import, or lacks an entry point
    OLE = "OLE"  # output (printing or files) over the limit
    SV = "SV"  # the sandbox blocked an operation (network, files, processes, syscalls)
    IE = "IE"  # internal error of the judge, never the submission's fault


# When cases end differently, the most serious outcome names the whole submission.
SEVERITY = (Verdict.IE, Verdict.SV, Verdict.MLE, Verdict.TLE, Verdict.OLE)


class CaseStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    OUTPUT = "output"
    BLOCKED = "blocked"
    NOT_RUN = "not_run"
    INTERNAL = "internal"


_STATUS_VERDICT = {
    CaseStatus.TIMEOUT: Verdict.TLE,
    CaseStatus.MEMORY: Verdict.MLE,
    CaseStatus.OUTPUT: Verdict.OLE,
    CaseStatus.BLOCKED: Verdict.SV,
    CaseStatus.INTERNAL: Verdict.IE,
}


@dataclass(frozen=True)
class CaseResult:
    name: str
    status: CaseStatus
    message: str = ""
    visible: bool = False
    expected: str | None = None  # shown for visible cases only
    got: str | None = None
    duration_ms: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "status": self.status.value,
            "message": self.message,
            "visible": self.visible,
        }
        if self.visible:
            data["expected"] = self.expected
            data["got"] = self.got
        if self.duration_ms is not None:
            data["duration_ms"] = round(self.duration_ms, 2)
        return data


@dataclass(frozen=True)
class JudgeResult:
    challenge_id: str
    verdict: Verdict
    cases: tuple[CaseResult, ...]
    duration_ms: float
    message: str = ""
    stdout: str = ""
    stdout_truncated: bool = False
    executor: str = ""
    protections: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> int:
        return sum(c.status is CaseStatus.PASSED for c in self.cases)

    @property
    def total(self) -> int:
        return len(self.cases)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": RESULT_VERSION,
            "challenge_id": self.challenge_id,
            "verdict": self.verdict.value,
            "passed": self.passed,
            "total": self.total,
            "message": self.message,
            "cases": [c.to_dict() for c in self.cases],
            "stdout": self.stdout,
            "stdout_truncated": self.stdout_truncated,
            "duration_ms": round(self.duration_ms, 2),
            "executor": self.executor,
            "protections": list(self.protections),
        }


def overall_verdict(cases: tuple[CaseResult, ...]) -> Verdict:
    """Name the submission by its most serious case outcome, else by how many passed."""
    verdicts = {_STATUS_VERDICT[c.status] for c in cases if c.status in _STATUS_VERDICT}
    for verdict in SEVERITY:
        if verdict in verdicts:
            return verdict
    passed = sum(c.status is CaseStatus.PASSED for c in cases)
    if cases and passed == len(cases):
        return Verdict.AC
    if passed:
        return Verdict.PARTIAL
    if any(c.status is CaseStatus.ERROR for c in cases):
        return Verdict.RE
    return Verdict.WA
