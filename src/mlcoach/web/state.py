"""What every request shares: the Coach, the judge's executor, the search index, templates.

Work that blocks (judging, grading) runs in worker threads behind its own capacity limiter,
so a queue of submissions never takes the threads that render pages; the sentence model runs
on one thread, so a grading takes one core at most and pages keep the other.
"""

from __future__ import annotations

import functools
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Depends, Request

from mlcoach.judge.executor import Executor
from mlcoach.judge.pool import SubprocessExecutor, ZygoteExecutor
from mlcoach.services import progress
from mlcoach.services.coach import Coach
from mlcoach.services.search import SearchIndex

T = TypeVar("T")
log = logging.getLogger("mlcoach.web")
JUDGE_SLOTS = 4  # queued submissions wait here without holding a thread
GRADING_SLOTS = 1  # one grading at a time, on MODEL_THREADS: pages keep the other cores
MODEL_THREADS = 1  # torch's intra-op threads; by default it takes every core
FRESH_SECONDS = 30  # a cached view is rebuilt at least this often (due counts move with time)
CACHED_VIEWS = 16


@dataclass
class WebState:
    coach: Coach
    executor: Executor | None = None
    owns_executor: bool = False
    judge_limiter: CapacityLimiter | None = None  # set by the lifespan; None: anyio's default
    grading_limiter: CapacityLimiter | None = None
    _index: SearchIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _views: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def start(self) -> None:
        """At server start: limiters bound to the server's event loop."""
        self.judge_limiter = CapacityLimiter(JUDGE_SLOTS)
        self.grading_limiter = CapacityLimiter(GRADING_SLOTS)

    def judge_executor(self) -> Executor:
        with self._lock:
            if self.executor is None:
                self.executor, self.owns_executor = start_executor(), True
            return self.executor

    def close(self) -> None:
        with self._lock:
            if self.executor is not None and self.owns_executor:
                self.executor.close()
                self.executor = None
            if self._index is not None:
                self._index.close()
                self._index = None

    def search_index(self) -> SearchIndex:
        with self._lock:
            if self._index is None:
                # the shipped bank, fixed for the process; imported decks change at run time
                self._index = SearchIndex(self.coach.bank.items.values())
            return self._index

    def cached_view(self, name: str, build: Callable[[], T]) -> T:
        """What `build` returns, kept while the learner's data is unchanged (any attempt,
        rating, interview, deck or profile change rebuilds it) and for FRESH_SECONDS at most,
        so pages that show progress do not recompute it on every request."""
        now = self.coach.now()
        key = (name, progress.data_version(self.coach), int(now.timestamp()) // FRESH_SECONDS)
        with self._lock:
            if key in self._views:
                found: T = self._views[key]
                return found
        built = build()
        with self._lock:
            if len(self._views) >= CACHED_VIEWS:
                self._views.clear()  # only stale keys pile up: a new version or time slot
            self._views[key] = built
        return built

    async def judge(self, fn: Callable[..., T], *args: object) -> T:
        return await anyio.to_thread.run_sync(
            functools.partial(fn, *args), limiter=self.judge_limiter
        )

    async def grade(self, fn: Callable[..., T], *args: object) -> T:
        return await anyio.to_thread.run_sync(
            functools.partial(_on_few_threads, fn, *args), limiter=self.grading_limiter
        )


def _on_few_threads(fn: Callable[..., T], *args: object) -> T:
    limit_model_threads()  # torch is imported by the first grading, so also check after it
    try:
        return fn(*args)
    finally:
        limit_model_threads()


def limit_model_threads() -> None:
    """Run torch on MODEL_THREADS threads once it is loaded (a no-op before, and without it)."""
    torch = sys.modules.get("torch")
    if torch is not None and torch.get_num_threads() != MODEL_THREADS:
        torch.set_num_threads(MODEL_THREADS)


def start_executor() -> Executor:
    """The zygote pool, warmed now; the slower one-shot executor when it cannot start."""
    pool = ZygoteExecutor()
    try:
        pool.warm_up()
    except (OSError, RuntimeError) as exc:
        pool.close()
        log.warning("judge: the zygote pool did not start (%s); using one process per run", exc)
        return SubprocessExecutor()
    return pool


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


State = Annotated[WebState, Depends(web_state)]
