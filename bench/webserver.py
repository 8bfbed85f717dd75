"""Start the real web app for a script: uvicorn in a subprocess on a free loopback port over a
private data folder (production-like: one process, the zygote judge, the real sentence model)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_app(
    data_dir: Path, extra_env: dict[str, str] | None = None, cpus: set[int] | None = None
) -> Iterator[str]:
    """Yield the base URL of a fresh server; stop it on exit."""
    with running_server(data_dir, extra_env, cpus) as (url, _):
        yield url


@contextmanager
def running_server(
    data_dir: Path,
    extra_env: dict[str, str] | None = None,
    cpus: set[int] | None = None,
    factory: str = "mlcoach.web.app:app_from_env",
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Yield the base URL and the process of a fresh server (pinned to `cpus` when given, like
    `taskset`, its judge workers too); stop it on exit."""
    port = free_port()
    env = {
        **os.environ,
        "MLCOACH_DATA_DIR": str(data_dir),
        "MLCOACH_CONTENT_DIR": str(REPO / "content"),
        **(extra_env or {}),
    }
    command = [
        sys.executable, "-m", "uvicorn", factory, "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    pin = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    server = subprocess.Popen(command, env=env, cwd=REPO, preexec_fn=pin)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, server)
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/items?limit=1", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url} within {START_SECONDS} s")
