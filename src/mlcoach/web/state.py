"""What every request shares: the Coach, the judge's executor, the search index, templates.

Work that blocks (judging, grading) runs in worker threads behind its own capacity limiter,
so a queue of submissions never takes the threads that render pages.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Depends, Request

from mlcoach.judge.executor import Executor
from mlcoach.judge.pool import SubprocessExecutor, ZygoteExecutor
from mlcoach.services.coach import Coach
from mlcoach.services.search import SearchIndex

T = TypeVar("T")
log = logging.getLogger("mlcoach.web")
JUDGE_SLOTS = 4  # queued submissions wait here without holding a thread
GRADING_SLOTS = 2  # the sentence model uses every core already


@dataclass
class WebState:
    coach: Coach
    executor: Executor | None = None
    owns_executor: bool = False
    judge_limiter: CapacityLimiter | None = None  # set by the lifespan; None: anyio's default
    grading_limiter: CapacityLimiter | None = None
    _index: SearchIndex | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

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

    async def judge(self, fn: Callable[..., T], *args: object) -> T:
        return await anyio.to_thread.run_sync(
            functools.partial(fn, *args), limiter=self.judge_limiter
        )

    async def grade(self, fn: Callable[..., T], *args: object) -> T:
        return await anyio.to_thread.run_sync(
            functools.partial(fn, *args), limiter=self.grading_limiter
        )


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
