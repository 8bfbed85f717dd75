"""The one interface every way of running a submission implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from mlcoach.content.models import Limits


@dataclass(frozen=True)
class Job:
    """Everything the sandbox gets: code, driver source, encoded inputs. No expected outputs."""

    source: str
    drivers: str
    requests: tuple[bytes, ...]
    entry_points: tuple[str, ...]
    limits: Limits

    def to_payload(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "drivers": self.drivers,
            "requests": list(self.requests),
            "entry_points": list(self.entry_points),
            "output_chars": self.limits.output_kb * 1024,
        }


@dataclass(frozen=True)
class ExecOutcome:
    """What came back: raw frames (untrusted bytes, decoded by the runner) and how it ended.

    `ending` is one of: finished, timeout, memory, output, blocked, crashed, internal.
    """

    ending: str
    frames_bytes: bytes
    duration_ms: float
    detail: str = ""
    exit_info: dict[str, Any] = field(default_factory=dict)


class Executor(Protocol):
    name: str

    def run(self, job: Job) -> ExecOutcome: ...

    def protections(self) -> dict[str, str]:
        """Each protection and whether it is active ('on') or why not."""
        ...

    def close(self) -> None: ...
