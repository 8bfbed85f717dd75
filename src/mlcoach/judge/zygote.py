"""The warm worker: imports numpy once, then forks one sandboxed child per submission.

It holds no submission data: the parent passes each job's pipes as file descriptors, the child
reads its code and inputs from them and writes results straight back. The zygote only forks,
enforces the wall clock, reaps, and reports how the child ended on its control socket.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys
import time

MAX_CONTROL = 65536


def preload() -> None:
    """Import what submissions commonly need, while the files are still readable."""
    import bisect  # noqa: F401
    import collections  # noqa: F401
    import functools  # noqa: F401
    import heapq  # noqa: F401
    import itertools  # noqa: F401
    import math  # noqa: F401
    import random  # noqa: F401
    import statistics  # noqa: F401

    import numpy
    import numpy.fft
    import numpy.linalg
    import numpy.polynomial
    import numpy.random

    numpy.zeros(1).sum()


def prepare() -> None:
    """Work out once, before saying ready, what every child would otherwise redo."""
    from mlcoach.judge.sandbox import hidden_ancestors, read_only_paths, seccomp_program

    hidden_ancestors(read_only_paths())
    seccomp_program()


def serve(control: socket.socket) -> None:
    from mlcoach.judge.process import (
        child_main,
        classify,
        end_with_workdir,
        make_workdir,
        policy_for,
        remove_workdir,
        wait_with_deadline,
        workdir_over,
    )

    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, MAX_CONTROL, 2)
        except OSError:
            return
        if not message:
            return
        limits = json.loads(message)
        job_fd, result_fd = fds
        workdir = make_workdir()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            control.close()
            child_main(job_fd, result_fd, policy_for(limits, workdir))
        os.close(job_fd)
        os.close(result_fd)
        deadline = start + float(limits["wall_seconds"])
        status, timed_out, rss = wait_with_deadline(pid, deadline, hangup_fd=control.fileno())
        elapsed = (time.monotonic() - start) * 1000
        over = workdir_over(workdir, int(limits["output_kb"]) * 1024)
        remove_workdir(workdir)
        ending, detail = end_with_workdir(*classify(status, timed_out, ""), over)
        report = {"ending": ending, "detail": detail, "elapsed_ms": elapsed, "max_rss_kb": rss}
        if not send_quietly(control, json.dumps(report).encode()):
            return


def send_quietly(control: socket.socket, message: bytes) -> bool:
    """Send to the parent; False when it has gone (e.g. it was interrupted): time to exit."""
    try:
        control.send(message)
    except OSError:
        return False
    return True


def main() -> None:
    # Ctrl-C is the parent's to handle: it then closes the control socket and we exit quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    control = socket.socket(fileno=int(sys.argv[1]))
    preload()
    import mlcoach.judge.process  # noqa: F401  (serve's imports, done before saying ready)

    prepare()
    # Everything loaded so far is shared with every child: keep the collector from walking
    # (and so copying) those pages in each child.
    gc.freeze()
    if send_quietly(control, b'{"ready": true}'):
        serve(control)


if __name__ == "__main__":
    main()
