"""Entry point of the fallback executor's fresh process: `python -m mlcoach.judge.oneshot`."""

from __future__ import annotations

import json
import signal
import sys

from mlcoach.judge.process import child_main, policy_for
from mlcoach.judge.zygote import preload


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    job_fd, result_fd, limits, workdir = sys.argv[1:5]
    preload()
    child_main(int(job_fd), int(result_fd), policy_for(json.loads(limits), workdir), announce=True)


if __name__ == "__main__":
    main()
