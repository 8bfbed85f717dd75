"""In-process executor for unit tests and authoring: the same child code, no isolation."""

from __future__ import annotations

import time

from mlcoach.judge.child import run_job
from mlcoach.judge.executor import ExecOutcome, Job


class FakeExecutor:
    """Runs trusted code only (our solutions and fixtures): there is no sandbox here."""

    name = "fake"

    def run(self, job: Job) -> ExecOutcome:
        chunks: list[bytes] = []
        start = time.perf_counter()
        run_job(job.to_payload(), chunks.append)
        return ExecOutcome("finished", b"".join(chunks), (time.perf_counter() - start) * 1000)

    def protections(self) -> dict[str, str]:
        return {"sandbox": "off: in-process fake for tests"}

    def close(self) -> None:
        return None
