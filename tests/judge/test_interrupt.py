"""Ctrl-C while a submission runs: a real process gets a real SIGINT.

The terminal sends Ctrl-C to its whole foreground process group. The parent must be the one
that handles it; the warm worker must neither print a traceback nor leave the learner's process
running once the parent has gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mlcoach.content.models import Challenge

# A parent like the CLI: judge, and on Ctrl-C close the executor and exit with code 130.
PARENT = """
import sys
from pathlib import Path

from mlcoach.content.models import Challenge
from mlcoach.judge import pool
from mlcoach.judge.runner import judge

challenge = Challenge.model_validate_json(Path(sys.argv[1]).read_text())
executor = getattr(pool, sys.argv[2])()
try:
    judge(challenge, "import time\\n\\ndef solve(x):\\n    time.sleep(600)\\n", executor)
except KeyboardInterrupt:
    executor.close()
    print("interrupted")
    sys.exit(130)
print("the run was not interrupted")
"""


def leads_its_session(pid: int) -> bool:
    """The sandbox's first step is setsid(): a process below the parent that leads its own
    session is a submission's run (a worker's start-up helpers never do)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:  # it ended while we looked
        return False
    return fields[3] == str(pid)  # state, ppid, process group, session


def wait_for_run(below: Callable[[], dict[int, int]], seconds: float) -> set[int]:
    """Every process below the parent once the submission runs; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        processes = set(below())
        if any(leads_its_session(pid) for pid in processes):
            return processes
        time.sleep(0.1)
    raise AssertionError(f"gave up after {seconds} s")


@pytest.mark.parametrize("executor", ["ZygoteExecutor", "SubprocessExecutor"])
def test_ctrl_c_mid_run_leaves_no_traceback_and_no_process(
    tmp_path: Path,
    make_double: Callable[..., Challenge],
    family: Callable[[int], dict[int, int]],
    executor: str,
) -> None:
    challenge_file = tmp_path / "challenge.json"
    challenge_file.write_text(make_double(wall_seconds=60).model_dump_json())
    with subprocess.Popen(
        [sys.executable, "-c", PARENT, str(challenge_file), executor],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    ) as parent:
        try:
            workers = wait_for_run(lambda: family(parent.pid), 120)
            for pid in workers:  # as if the workers were in the terminal's group too
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGINT)
            os.killpg(parent.pid, signal.SIGINT)  # what Ctrl-C does
            out, err = parent.communicate(timeout=120)
        finally:
            if parent.poll() is None:
                parent.kill()
    assert (parent.returncode, out.decode(), err.decode()) == (130, "interrupted\n", "")
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists()] == []
