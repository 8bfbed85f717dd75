"""Judging never blocks the server, and the app owns one executor for its lifetime."""

from __future__ import annotations

import logging
import threading
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from mlcoach.judge.executor import ExecOutcome, Job
from mlcoach.judge.fake import FakeExecutor
from mlcoach.judge.pool import SubprocessExecutor, ZygoteExecutor
from mlcoach.services.coach import Coach
from mlcoach.web import state as web_state
from mlcoach.web.app import create_app
from web.webtools import solution_source

WAIT = 60.0  # generous upper bounds on waits, never asserted as timings


class BlockingExecutor:
    """Holds every submission until the test releases it."""

    name = "blocking"

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.closed = False
        self.inner = FakeExecutor()

    def run(self, job: Job) -> ExecOutcome:
        self.started.set()
        assert self.release.wait(WAIT), "the test never released the judge"
        return self.inner.run(job)

    def protections(self) -> dict[str, str]:
        return self.inner.protections()

    def close(self) -> None:
        self.closed = True
        self.release.set()


SUBMISSIONS: dict[str, Any] = {
    "api": ("/api/challenges/softmax/check", lambda src: {"json": {"source": src}}),
    "page": ("/challenges/softmax/submit", lambda src: {"data": {"source": src}}),
}


@pytest.mark.parametrize("kind", sorted(SUBMISSIONS))
def test_pages_are_served_while_a_submission_is_judged(coach: Coach, kind: str) -> None:
    executor = BlockingExecutor()
    url, body = SUBMISSIONS[kind]
    responses: dict[str, httpx.Response] = {}
    with TestClient(create_app(coach, executor)) as client:
        worker = threading.Thread(
            target=lambda: responses.update(
                judged=client.post(url, **body(solution_source("softmax")))
            )
        )
        worker.start()
        try:
            assert executor.started.wait(WAIT)
            page = client.get("/bank", params={"q": "dropout"})
            still_judging = worker.is_alive() and "judged" not in responses
        finally:
            executor.release.set()
            worker.join(WAIT)
    assert page.status_code == 200 and "dropout" in page.text
    assert still_judging, "the page was only served after the judge finished"
    assert responses["judged"].status_code == 200


def test_running_state_is_shown_while_judging(client: TestClient) -> None:
    html = client.get("/challenges/softmax").text
    assert 'hx-indicator="#judge-running"' in html
    assert "Running tests" in html
    assert 'hx-disabled-elt="#code-form button"' in html


def test_app_starts_and_closes_its_own_executor(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    executor = BlockingExecutor()
    executor.release.set()
    monkeypatch.setattr(web_state, "start_executor", lambda: executor)
    app = create_app(coach)
    with TestClient(app) as client:
        assert app.state.web.executor is executor
        verdict = client.post(
            "/api/challenges/softmax/check", json={"source": solution_source("softmax")}
        ).json()["verdict"]
        assert executor.closed is False
    assert verdict == "AC"
    assert executor.closed is True


def test_an_executor_passed_in_is_left_to_its_owner(coach: Coach) -> None:
    executor = BlockingExecutor()
    with TestClient(create_app(coach, executor)):
        pass
    assert executor.closed is False


def test_falls_back_to_one_process_per_run_when_the_pool_cannot_start(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(self: ZygoteExecutor) -> None:
        raise RuntimeError("the judge's zygote did not start")

    monkeypatch.setattr(ZygoteExecutor, "warm_up", refuse)
    with caplog.at_level(logging.WARNING, logger="mlcoach.web"):
        executor = web_state.start_executor()
    assert isinstance(executor, SubprocessExecutor)
    assert "zygote pool did not start" in caplog.text
