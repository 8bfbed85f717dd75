"""Pieces both executors share: the child's main, reading results, naming how a run ended."""

from __future__ import annotations

import fcntl
import json
import os
import pwd
import select
import shutil
import signal
import tempfile
import threading
import time
from typing import Any, NoReturn

from mlcoach.content.models import Limits
from mlcoach.judge import sandbox, wire
from mlcoach.judge.child import frame, run_job

MAX_RESULT_BYTES = 64 * 1024 * 1024  # room for large arrays, but not for a flood
START = frame({"t": "start"})  # written by our code, before any of the learner's runs
EXIT_SANDBOX_FAILED = 70
_F_GETPIPE_SZ = 1032
_SIGNAL_ENDINGS: dict[int, tuple[str, str]] = {
    signal.SIGXCPU: ("timeout", "CPU time limit"),
    signal.SIGSYS: ("blocked", "a forbidden system call"),
    signal.SIGXFSZ: ("output", "file size limit"),
}


def limits_message(limits: Limits) -> str:
    return json.dumps(limits.model_dump())


def policy_for(limits: dict[str, Any], workdir: str) -> sandbox.Policy:
    return sandbox.Policy(
        wall_seconds=float(limits["wall_seconds"]),
        cpu_seconds=float(limits["cpu_seconds"]),
        memory_mb=int(limits["memory_mb"]),
        file_kb=int(limits["output_kb"]),
        read_only=sandbox.read_only_paths(),
        read_write=(workdir,),
    )


def make_workdir() -> str:
    """A private temp dir the (unprivileged) child may write to; removed after the run."""
    path = tempfile.mkdtemp(prefix="mlcoach-judge-")
    if os.geteuid() == 0:
        nobody = pwd.getpwuid(sandbox.NOBODY_UID)
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    os.chmod(path, 0o700)
    return path


def remove_workdir(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


def workdir_over(path: str, limit_bytes: int, limit_entries: int = sandbox.WORKDIR_INODES) -> bool:
    """Whether the files left in the work folder exceed the limits (symlinks not followed).

    With a tmpfs work folder (root) the cap is enforced while running and this finds nothing;
    without it, a flood of files is at least named OLE once the run is over.
    """
    total, count, stack = 0, 0, [path]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            count += 1
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    total += entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
            if total > limit_bytes or count > limit_entries:
                return True
    return False


def end_with_workdir(ending: str, detail: str, over: bool) -> tuple[str, str]:
    """A work folder over the limit names the run OLE, unless it was blocked or our fault."""
    if over and ending not in ("blocked", "internal"):
        return "output", "files written over the limit"
    return ending, detail


def child_main(
    job_fd: int, result_fd: int, policy: sandbox.Policy, announce: bool = False
) -> NoReturn:
    """Enter the sandbox, read the job, run it, write frames; never returns.

    With `announce`, a START frame is written just before the learner's code runs, so a parent
    that had to allow for interpreter start-up can begin the wall clock there.
    """
    # The worker ignores Ctrl-C (its parent handles it); the learner's code gets Python's usual
    # SIGINT handling back, as it would have outside the judge.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        sandbox.enter(policy, keep_fds=(job_fd, result_fd))
    except BaseException as exc:  # the judge's own failure, reported as IE
        _write_all(result_fd, frame({"t": "ie", "message": f"sandbox setup failed: {exc!r}"}))
        os._exit(EXIT_SANDBOX_FAILED)
    try:
        payload = wire.decode(_read_all(job_fd))
        os.close(job_fd)
        if announce:
            _write_all(result_fd, START)
        run_job(payload, lambda data: _write_all(result_fd, data))
    except BaseException:
        os._exit(1)
    os._exit(0)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def send_payload(fd: int, payload: bytes) -> threading.Thread | None:
    """Write the job and close the pipe: at once if it fits the pipe, else in the background
    (the reader may die first)."""

    def write() -> None:
        try:
            _write_all(fd, payload)
        except OSError:
            pass
        finally:
            os.close(fd)

    if len(payload) <= fcntl.fcntl(fd, _F_GETPIPE_SZ):  # an empty pipe takes it all at once
        write()
        return None
    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


def collect(
    fd: int, deadline: float, cap: int = MAX_RESULT_BYTES, wall_after_start: float | None = None
) -> tuple[bytes, str]:
    """Read until EOF; stop at the deadline or the cap.

    With `wall_after_start`, the deadline moves up to that many seconds after the START frame
    arrives (never later than `deadline`). Returns (data, problem) with problem one of '',
    'timeout' or 'output'.
    """
    chunks: list[bytes] = []
    size = 0
    waiting_for_start = wall_after_start is not None
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return b"".join(chunks), "timeout"
        if not poller.poll(remaining * 1000):
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), ""
        size += len(chunk)
        if size > cap:
            return b"".join(chunks), "output"
        chunks.append(chunk)
        if waiting_for_start and size >= len(START):
            waiting_for_start = False
            if b"".join(chunks).startswith(START):
                deadline = min(deadline, time.monotonic() + float(wall_after_start or 0))


def wait_with_deadline(
    pid: int, deadline: float, hangup_fd: int | None = None
) -> tuple[int, bool, int]:
    """Wait for `pid`; SIGKILL it at the deadline, or at once when `hangup_fd` turns readable
    (the zygote's parent closed the control socket: nobody waits for the result any more).
    Returns (wait status, timed out, max RSS kB)."""
    pidfd = os.pidfd_open(pid)
    try:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        if hangup_fd is not None:
            poller.register(hangup_fd, select.POLLIN)
        ready = poller.poll(max(deadline - time.monotonic(), 0) * 1000)
        timed_out = not ready
        if all(fd != pidfd for fd, _ in ready):
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(pidfd)
    _, status, usage = os.wait4(pid, 0)
    return status, timed_out, int(usage.ru_maxrss)


def classify(status: int, timed_out: bool, read_problem: str) -> tuple[str, str]:
    """How a run ended: finished, timeout, memory, output, blocked, crashed or internal."""
    if timed_out or read_problem == "timeout":
        return "timeout", "wall-clock limit"
    if read_problem == "output":
        return "output", "too much data returned"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in _SIGNAL_ENDINGS:
            return _SIGNAL_ENDINGS[sig]
        if sig == signal.SIGKILL:
            return "memory", "killed by the system, most likely out of memory"
        return "crashed", f"killed by signal {signal.Signals(sig).name}"
    code = os.WEXITSTATUS(status)
    if code == 0:
        return "finished", ""
    if code == EXIT_SANDBOX_FAILED:
        return "internal", "the sandbox could not be set up"
    return "crashed", f"exited with status {code}"
