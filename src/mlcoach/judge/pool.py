"""Executors that sandbox: a pool of warm zygotes, and a fresh process per submission."""

from __future__ import annotations

import json
import os
import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time

from mlcoach.judge import sandbox, wire
from mlcoach.judge.executor import ExecOutcome, Job
from mlcoach.judge.process import (
    classify,
    collect,
    end_with_workdir,
    limits_message,
    make_workdir,
    remove_workdir,
    send_payload,
    wait_with_deadline,
    workdir_over,
)

_CHILD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONHASHSEED": "0",
}
_ZYGOTE_START_SECONDS = 60.0
_STARTUP_ALLOWANCE = 5.0  # a fresh interpreter must import numpy before the clock is fair


def _env() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME")}
    return {**keep, **_CHILD_ENV}


class _Zygote:
    def __init__(self) -> None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.control = parent
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mlcoach.judge.zygote", str(child.fileno())],
            pass_fds=(child.fileno(),),
            cwd=tempfile.gettempdir(),
            env=_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            process_group=0,  # out of the terminal's group: Ctrl-C reaches only the parent
        )
        child.close()
        try:
            self.control.settimeout(_ZYGOTE_START_SECONDS)
            if json.loads(self.control.recv(4096) or b"{}").get("ready") is not True:
                raise RuntimeError("the judge's zygote did not start")
        except BaseException:  # including Ctrl-C while it starts: leave no worker behind
            self.proc.kill()
            self.close()
            raise

    def run(self, job: Job) -> ExecOutcome:
        job_r, job_w = os.pipe()
        res_r, res_w = os.pipe()
        start = time.monotonic()
        try:
            socket.send_fds(self.control, [limits_message(job.limits).encode()], [job_r, res_w])
        finally:
            os.close(job_r)
            os.close(res_w)
        send_payload(job_w, wire.encode(job.to_payload()))
        wall = job.limits.wall_seconds
        data, problem = collect(res_r, start + wall + 1.0)
        os.close(res_r)
        self.control.settimeout(wall + 10.0)
        status = json.loads(self.control.recv(4096))
        ending, detail = status["ending"], status["detail"]
        if problem == "output":
            ending, detail = "output", "too much data returned"
        return ExecOutcome(
            ending,
            data,
            (time.monotonic() - start) * 1000,
            detail,
            {"max_rss_kb": status["max_rss_kb"]},
        )

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        self.control.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class ZygoteExecutor:
    """Warm workers (numpy already imported) fork one sandboxed child per submission."""

    name = "zygote"

    def __init__(self, size: int | None = None):
        self.size = size or max(os.cpu_count() or 1, 1)
        self._idle: queue.Queue[_Zygote] = queue.Queue()
        self._started = 0
        self._lock = threading.Lock()

    def _acquire(self) -> _Zygote:
        with self._lock:
            if self._idle.empty() and self._started < self.size:
                zygote = _Zygote()
                self._started += 1
                return zygote
        return self._idle.get()

    def _discard(self, zygote: _Zygote) -> None:
        zygote.close()
        with self._lock:
            self._started -= 1

    def run(self, job: Job) -> ExecOutcome:
        zygote = self._acquire()
        try:
            outcome = zygote.run(job)
        except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
            zygote.proc.kill()
            self._discard(zygote)
            return ExecOutcome("internal", b"", 0.0, f"judge worker failed: {exc!r}")
        except BaseException:  # e.g. Ctrl-C mid-run: closing its socket makes the worker stop
            self._discard(zygote)  # the submission at once and exit quietly
            raise
        self._idle.put(zygote)
        return outcome

    def warm_up(self) -> None:
        """Start every worker now (e.g. at server start) instead of on first use."""
        zygotes = [self._acquire() for _ in range(self.size)]
        for zygote in zygotes:
            self._idle.put(zygote)

    def protections(self) -> dict[str, str]:
        return sandbox.protections()

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get().close()
        self._started = 0


class SubprocessExecutor:
    """The fallback: a fresh interpreter per submission, same sandbox, slower start."""

    name = "subprocess"

    def run(self, job: Job) -> ExecOutcome:
        job_r, job_w = os.pipe()
        res_r, res_w = os.pipe()
        workdir = make_workdir()
        start = time.monotonic()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mlcoach.judge.oneshot",
                str(job_r),
                str(res_w),
                limits_message(job.limits),
                workdir,
            ],
            pass_fds=(job_r, res_w),
            cwd=workdir,
            env=_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(job_r)
        os.close(res_w)
        try:
            send_payload(job_w, wire.encode(job.to_payload()))
            deadline = start + _STARTUP_ALLOWANCE + job.limits.wall_seconds
            # the wall clock starts when the child says the learner's code is about to run
            data, problem = collect(res_r, deadline, wall_after_start=job.limits.wall_seconds)
        except BaseException:  # e.g. Ctrl-C: nobody will read the result, stop the run now
            proc.kill()
            proc.wait()
            remove_workdir(workdir)
            raise
        finally:
            os.close(res_r)
        kill_at = time.monotonic() if problem else deadline  # over time or over the cap: now
        status, timed_out, rss = wait_with_deadline(proc.pid, kill_at)
        proc.returncode = status  # reaped by wait4 above; keep Popen from waiting again
        over = workdir_over(workdir, job.limits.output_kb * 1024)
        remove_workdir(workdir)
        ending, detail = end_with_workdir(*classify(status, timed_out, problem), over)
        return ExecOutcome(
            ending, data, (time.monotonic() - start) * 1000, detail, {"max_rss_kb": rss}
        )

    def protections(self) -> dict[str, str]:
        return sandbox.protections()

    def close(self) -> None:
        return None
