"""Reading a timed answer in the terminal, one line at a time, saving a draft after each line.

`select` on the raw standard-input descriptor wakes the loop for the countdown (the 80% warning,
time-out, a heartbeat) while no line arrives. When standard input has no descriptor (a test
runner's in-memory stream), lines are read blocking and the service's clock alone decides.
"""

from __future__ import annotations

import io
import math
import os
import select
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from rich.markup import escape

from mlcoach.cli import render

HEARTBEAT_SECONDS = 15.0  # how often the session hears from us while nobody types
DEADLINE_MARGIN = 0.2  # seconds: submit on time-out only once the service's deadline has passed
END_MARK = "."


class TerminalInput:
    """Lines from standard input with a timeout; raises EOFError at the end of input.

    On a terminal, Ctrl-D ends one answer and the next read waits for new lines; a pipe or a
    file that has ended stays ended.
    """

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdin
        self.fd: int | None
        try:
            self.fd = self.stream.fileno()
        except (OSError, ValueError, io.UnsupportedOperation):
            self.fd = None
        self.tty = self.fd is not None and os.isatty(self.fd)
        self.buffer = b""
        self.ended = False

    def read_line(self, timeout: float) -> str | None:
        """The next line without its newline, or None when `timeout` seconds pass first."""
        if self.fd is None:
            line = self.stream.readline()
            if line == "":
                raise EOFError
            return line.rstrip("\r\n")
        deadline = time.monotonic() + max(0.0, timeout)
        while b"\n" not in self.buffer and not self.ended:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return None
            chunk = os.read(self.fd, 4096)
            self.ended = not chunk
            self.buffer += chunk
        if not self.buffer:
            self.ended = not self.tty  # Ctrl-D on a terminal ends this answer only
            raise EOFError
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8", errors="replace").rstrip("\r")


@dataclass
class Countdown:
    """The local view of the turn's clock, re-synchronised from the service at every save."""

    seconds_left: float
    warning_at: float
    warned: bool
    ends: float = 0.0

    def __post_init__(self) -> None:
        self.sync(self.seconds_left)

    def sync(self, seconds_left: float) -> None:
        self.ends = time.monotonic() + seconds_left

    def remaining(self) -> float:
        """Seconds left on the box as the service counts them (0 once it has passed)."""
        return max(0.0, self.ends - time.monotonic())

    def expired(self) -> bool:
        """Past the service's deadline, with a margin so the service agrees it has passed."""
        return time.monotonic() >= self.ends + DEADLINE_MARGIN

    def next_wake(self) -> float:
        """Seconds until something must happen: the warning, the time-out or a heartbeat."""
        left = self.ends + DEADLINE_MARGIN - time.monotonic()
        wake = min(left, HEARTBEAT_SECONDS)
        if not self.warned and self.remaining() > self.warning_at:
            wake = min(wake, self.remaining() - self.warning_at)
        return max(0.0, wake)

    def warn_if_due(self) -> None:
        if not self.warned and self.remaining() <= self.warning_at:
            self.warned = True
            render.console.print(
                f"[bold yellow]Warning:[/] 80% of this time box is used, "
                f"{mmss(self.remaining())} left. Start wrapping up."
            )


def mmss(seconds: float) -> str:
    """A countdown's mm:ss, rounded up: "00:01" until the very end."""
    whole = max(0, math.ceil(seconds - 1e-6))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def countdown_for(view: dict[str, Any]) -> Countdown:
    return Countdown(
        seconds_left=float(view["seconds_left"]),
        warning_at=float(view["warning_at_seconds_left"]),
        warned=False,
    )


SaveDraft = Callable[[str], dict[str, Any]]


def read_text_answer(view: dict[str, Any], reader: TerminalInput, save: SaveDraft) -> str:
    """Lines until a line holding only "." (or end of input, or the time box), saving the
    draft after every line so a killed terminal loses nothing typed."""
    lines = view["draft"].splitlines() if view.get("draft") else []
    if lines:
        render.console.print("[dim]Your saved draft so far:[/]")
        render.console.print("\n".join(lines), markup=False, highlight=False)
    clock = countdown_for(view)
    clock.warn_if_due()
    _prompt(clock)
    while True:
        try:
            line = reader.read_line(clock.next_wake())
        except EOFError:
            return "\n".join(lines)
        clock.warn_if_due()
        if clock.expired():
            render.console.print("\n[bold red]Time is up:[/] submitting what you wrote.")
            return "\n".join(lines + ([line] if line and line.strip() != END_MARK else []))
        if line is None:
            clock.sync(float(save("\n".join(lines))["seconds_left"]))  # heartbeat
            continue
        if line.strip() == END_MARK:
            return "\n".join(lines)
        lines.append(line)
        clock.sync(float(save("\n".join(lines))["seconds_left"]))
        _prompt(clock)


def read_code_answer(view: dict[str, Any], reader: TerminalInput, save: SaveDraft) -> str:
    """Wait for Enter (or the time box), keeping the file's latest text as the draft."""
    path = Path(view["workspace_file"])
    render.console.print(
        f"Edit [bold]{path}[/] in your editor, then press Enter here to submit it "
        "(at time-out the file is submitted as it is)."
    )
    clock = countdown_for(view)
    clock.warn_if_due()
    _prompt(clock)
    seen = _read(path)
    while True:
        try:
            line = reader.read_line(clock.next_wake())
        except EOFError:
            line = ""
        clock.warn_if_due()
        text = _read(path)
        if text != seen or line is None:
            seen = text
            clock.sync(float(save(text)["seconds_left"]))
        if line is not None or clock.expired():
            if line is None:
                render.console.print("\n[bold red]Time is up:[/] submitting the file as it is.")
            return text


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _prompt(clock: Countdown) -> None:
    render.console.print(f"[cyan]{escape(f'[{mmss(clock.remaining())} left]')}[/] > ", end="")
    render.console.file.flush()
