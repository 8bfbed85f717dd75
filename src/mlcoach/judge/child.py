"""The code that runs a submission: inside the sandbox, or in-process for the fake executor.

It receives source text and encoded inputs, and writes length-prefixed frames of results. It
never sees expected outputs, so hostile code has nothing to read but its own inputs.
"""

from __future__ import annotations

import io
import linecache
import struct
import sys
import time
import traceback
import types
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from mlcoach.judge import wire
from mlcoach.judge.numeric import numerical_gradient

SUBMISSION_FILENAME = "solution.py"


class OutputLimit(BaseException):
    """Printing went past the cap; a BaseException so `except Exception` cannot hide it."""


class CappedText(io.TextIOBase):
    """stdout/stderr replacement that keeps the first `limit` characters and then stops."""

    def __init__(self, limit: int):
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        if self.size > self.limit:
            keep = self.limit - (self.size - len(text))
            self.parts.append(text[: max(keep, 0)])
            raise OutputLimit()
        self.parts.append(text)
        return len(text)

    def text(self) -> str:
        return "".join(self.parts)


def frame(payload: dict[str, Any]) -> bytes:
    body = wire.encode(payload)
    return struct.pack("<I", len(body)) + body


def read_frames(data: bytes) -> tuple[list[Any], bool]:
    """Decode frames; the flag says whether trailing bytes were damaged or cut."""
    frames: list[Any] = []
    offset, damaged = 0, False
    while offset + 4 <= len(data):
        (size,) = struct.unpack_from("<I", data, offset)
        body = data[offset + 4 : offset + 4 + size]
        if len(body) != size:
            return frames, True
        try:
            frames.append(wire.decode(body))
        except wire.WireError:
            return frames, True
        offset += 4 + size
    return frames, damaged or offset != len(data)


def run_job(job: dict[str, Any], emit: Callable[[bytes], None]) -> None:
    """Compile, load, and run every request; emit one frame per case and a final one."""
    out = CappedText(int(job["output_chars"]))
    saved = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = out
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the learner's numeric warnings are not failures
            _run(job, emit)
    except OutputLimit:
        emit(frame({"t": "ole"}))
    finally:
        sys.stdout, sys.stderr = saved
    emit(frame({"t": "done", "stdout": out.text(), "truncated": out.size > out.limit}))


def _run(job: dict[str, Any], emit: Callable[[bytes], None]) -> None:
    module = _load_submission(job, emit)
    if module is None:
        return
    drivers: dict[str, Any] = {"np": np, "numerical_gradient": numerical_gradient}
    exec(compile(job["drivers"], "<drivers>", "exec"), drivers)  # our code, not the learner's
    for index, encoded in enumerate(job["requests"]):
        emit(frame(_run_request(index, wire.decode(encoded), module, drivers)))


def _load_submission(job: dict[str, Any], emit: Callable[[bytes], None]) -> Any:
    module = types.ModuleType("solution")
    module.__file__ = SUBMISSION_FILENAME
    source = job["source"]
    # tracebacks read lines through linecache; give it the text so no file is opened
    linecache.cache[SUBMISSION_FILENAME] = (
        len(source),
        None,
        source.splitlines(True),
        SUBMISSION_FILENAME,
    )
    try:
        code = compile(source, SUBMISSION_FILENAME, "exec")
        exec(code, module.__dict__)
    except SyntaxError as exc:
        emit(
            frame(
                {
                    "t": "ce",
                    "message": f"SyntaxError: {exc.msg} (line {exc.lineno})",
                    "trace": "".join(traceback.format_exception_only(exc)),
                }
            )
        )
        return None
    except OutputLimit:
        raise
    except BaseException as exc:
        emit(
            frame(
                {
                    "t": "ce",
                    "message": f"loading your code failed: {type(exc).__name__}: {exc}",
                    "trace": user_traceback(exc),
                    "error": type(exc).__name__,
                }
            )
        )
        return None
    missing = [name for name in job["entry_points"] if not hasattr(module, name)]
    if missing:
        emit(
            frame(
                {
                    "t": "ce",
                    "message": f"define {', '.join(missing)} at the top level of your file",
                    "trace": "",
                }
            )
        )
        return None
    return module


def _run_request(
    index: int, request: dict[str, Any], module: Any, drivers: dict[str, Any]
) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        if request["is_driver"]:
            value = drivers[request["target"]](module, *request["args"], **request["kwargs"])
        else:
            value = getattr(module, request["target"])(*request["args"], **request["kwargs"])
        encoded = wire.encode(value)  # fail here, as the learner's error, if it cannot cross
    except OutputLimit:
        raise
    except BaseException as exc:
        return {
            "t": "case",
            "i": index,
            "ok": False,
            "ms": _ms(start),
            "error": {
                "type": type(exc).__name__,
                "message": str(exc)[:2000],
                "errno": getattr(exc, "errno", None),
                "trace": user_traceback(exc),
            },
        }
    return {"t": "case", "i": index, "ok": True, "ms": _ms(start), "value": encoded}


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def user_traceback(exc: BaseException, limit_chars: int = 4000) -> str:
    """The traceback cut down to the learner's own frames (judge internals are noise to them)."""
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SUBMISSION_FILENAME
    ]
    lines = ["Traceback (most recent call last):\n"]
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(exc)
    text = "".join(lines)
    return text if len(text) <= limit_chars else text[:limit_chars] + "\n[traceback truncated]"
