"""What hidden test files use: `@case` generators that yield one request and check the reply.

A case runs in the judge (trusted), never in the sandbox. It builds inputs, yields a `call` (an
entry point of the submission) or a `drive` (a `@driver` function from the same test file, shipped
to the sandbox as source and handed the submission's module), receives what came back, and
checks it with tolerances or properties. Expected values stay here; only inputs cross over.

    @case(visible=True)
    def zeros_are_uniform(t):
        x = np.zeros((3, 4))
        got = yield call("softmax", x)
        t.close(got, np.full((3, 4), 0.25), what="softmax(np.zeros((3, 4)))")
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeVar

import numpy as np

from mlcoach.judge.numeric import numerical_gradient

__all__ = [
    "CaseContext",
    "CaseFailure",
    "Raised",
    "Request",
    "call",
    "case",
    "drive",
    "driver",
    "numerical_gradient",
]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Request:
    """What the sandbox should run: an entry point or a driver, with arguments."""

    target: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    is_driver: bool = False
    allow_error: bool = False

    def describe(self) -> str:
        shown = [_brief(a) for a in self.args]
        shown += [f"{k}={_brief(v)}" for k, v in self.kwargs.items()]
        return f"{self.target}({', '.join(shown)})"


@dataclass(frozen=True)
class Raised:
    """Handed to a case instead of a value when it asked for `allow_error=True`."""

    type: str
    message: str


def call(entry: str, *args: Any, allow_error: bool = False, **kwargs: Any) -> Request:
    return Request(entry, args, kwargs, is_driver=False, allow_error=allow_error)


def drive(name: str, *args: Any, allow_error: bool = False, **kwargs: Any) -> Request:
    return Request(name, args, kwargs, is_driver=True, allow_error=allow_error)


def driver(fn: F) -> F:
    """Mark a function to run inside the sandbox as `fn(submission_module, *args)`.

    Drivers see only `np`, `numerical_gradient` and their arguments: no test data, no judge.
    """
    fn.__mlcoach_driver__ = True  # type: ignore[attr-defined]
    return fn


class CaseFailure(AssertionError):
    """A check failed; `expected`/`got` are shown to the learner on visible cases."""

    def __init__(self, message: str, expected: Any = None, got: Any = None):
        super().__init__(message)
        self.expected = None if expected is None else _brief(expected, 400)
        self.got = None if got is None else _brief(got, 400)


CaseFn = Callable[["CaseContext"], Generator[Request, Any, None]]


@dataclass(frozen=True)
class CaseSpec:
    name: str
    fn: CaseFn
    visible: bool


def case(visible: bool = False) -> Callable[[CaseFn], CaseFn]:
    def mark(fn: CaseFn) -> CaseFn:
        fn.__mlcoach_case__ = CaseSpec(fn.__name__, fn, visible)  # type: ignore[attr-defined]
        return fn

    return mark


@dataclass
class CaseContext:
    """What a case gets: a seeded generator, the reference solution, the tolerances."""

    rng: np.random.Generator
    ref: ModuleType
    rtol: float
    atol: float

    def close(
        self,
        got: Any,
        expected: Any,
        what: str = "result",
        rtol: float | None = None,
        atol: float | None = None,
    ) -> None:
        rtol = self.rtol if rtol is None else rtol
        atol = self.atol if atol is None else atol
        expected_arr = np.asarray(expected, dtype=float)
        try:
            got_arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise CaseFailure(
                f"{what}: expected numbers, got {type(got).__name__}", expected, got
            ) from None
        if got_arr.shape != expected_arr.shape:
            raise CaseFailure(
                f"{what}: expected shape {expected_arr.shape}, got {got_arr.shape}", expected, got
            )
        if not np.all(np.isfinite(got_arr) == np.isfinite(expected_arr)):
            raise CaseFailure(
                f"{what}: contains nan or inf where the answer is finite", expected, got
            )
        if not np.allclose(got_arr, expected_arr, rtol=rtol, atol=atol, equal_nan=True):
            worst = float(np.nanmax(np.abs(got_arr - expected_arr))) if got_arr.size else 0.0
            raise CaseFailure(
                f"{what}: values differ (max abs error {worst:.3g}; rtol={rtol:g}, atol={atol:g})",
                expected,
                got,
            )

    def check(self, condition: Any, message: str, expected: Any = None, got: Any = None) -> None:
        if not bool(condition):
            raise CaseFailure(message, expected, got)

    def array(
        self, got: Any, what: str = "result", ndim: int | None = None
    ) -> np.ndarray[Any, Any]:
        """The value as a float array, or a clear failure if it is not one."""
        if not isinstance(got, np.ndarray | list | tuple | float | int):
            raise CaseFailure(f"{what}: expected an array, got {type(got).__name__}", got=got)
        arr = np.asarray(got, dtype=float)
        if ndim is not None and arr.ndim != ndim:
            raise CaseFailure(f"{what}: expected a {ndim}-d array, got shape {arr.shape}", got=got)
        return arr

    def parts(self, got: Any, n: int, what: str = "result") -> tuple[Any, ...]:
        """A tuple/list of exactly n values (e.g. `(centroids, labels)`)."""
        if not isinstance(got, tuple | list) or len(got) != n:
            raise CaseFailure(
                f"{what}: expected a tuple of {n} values, got "
                f"{type(got).__name__}"
                + (f" of length {len(got)}" if isinstance(got, tuple | list) else ""),
                got=got,
            )
        return tuple(got)


def _brief(value: Any, limit: int = 80) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 12:
            text = np.array2string(value, precision=4, separator=", ").replace("\n", "")
        else:
            text = f"array(shape={value.shape}, dtype={value.dtype})"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
