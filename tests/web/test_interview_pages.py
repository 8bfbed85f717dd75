"""The mock-interview turn page says when the time ran out on the previous question, whoever
submitted it: the server (a request after the deadline), the page's countdown (auto=1, which
may arrive a moment before the server's deadline) or a click after the deadline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlcoach.judge.fake import FakeExecutor
from mlcoach.settings import Settings
from mlcoach.web.app import create_app
from support import Clock, build_coach
from web.webtools import CONTENT, NOW, two_question_blueprint

BLUEPRINT = two_question_blueprint("two-turns", "Two turns", "knn-basics")
ANSWER = "KNN stores the training data and predicts by a vote of the k nearest points."
TURN_SECONDS = 60  # the first section's minute
RAN_OUT = "Time ran out on the previous question"
TYPED = "what you had typed was submitted"
SAVED_DRAFT = "your saved draft was submitted"


@pytest.fixture()
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture()
def client(tmp_path: Path, clock: Clock) -> Iterator[TestClient]:
    coach = build_coach(Settings(data_dir=tmp_path, content_dir=CONTENT), clock=clock)
    with TestClient(create_app(coach, FakeExecutor())) as test_client:
        yield test_client


def start(client: TestClient, tmp_path: Path) -> str:
    """Start the two-turn interview (its first turn's clock starts now); returns its id."""
    blueprint = tmp_path / "two-turns.toml"
    blueprint.write_text(BLUEPRINT, encoding="utf-8")
    first = client.post("/interview/start", data={"blueprint_file": str(blueprint)})
    assert first.status_code == 200, first.text
    found = re.search(r"/interview/(\w+)/submit", first.text)
    assert found is not None, "the turn page has no answer form"
    assert 'name="auto"' in first.text, "the answer form has no hidden auto field"
    return found.group(1)


def submit(client: TestClient, sid: str, **extra: str) -> str:
    """Submit the first answer and return the next page's HTML (the redirect is followed)."""
    response = client.post(f"/interview/{sid}/submit", data={"answer": ANSWER, **extra})
    assert response.status_code == 200, response.text
    # a follow-up keeps "Question 1 of 2", so the turn index tells that the page moved on
    assert 'name="turn" value="0"' not in response.text, "the interview did not move on"
    return response.text


def test_a_click_in_time_shows_no_notice(client: TestClient, clock: Clock, tmp_path: Path) -> None:
    sid = start(client, tmp_path)
    clock.advance(TURN_SECONDS - 10)
    assert RAN_OUT not in submit(client, sid, auto="")


def test_the_countdown_submitting_early_still_shows_the_notice(
    client: TestClient, clock: Clock, tmp_path: Path
) -> None:
    """The browser's zero may come before the server's deadline (latency, rounding)."""
    sid = start(client, tmp_path)
    clock.advance(TURN_SECONDS - 0.5)
    assert f"{RAN_OUT}; {TYPED}" in submit(client, sid, auto="1")


def test_a_click_after_the_deadline_shows_the_notice(
    client: TestClient, clock: Clock, tmp_path: Path
) -> None:
    """No countdown ran (no script, or a page left open): the server's timed_out decides."""
    sid = start(client, tmp_path)
    clock.advance(TURN_SECONDS + 5)
    assert f"{RAN_OUT}; {TYPED}" in submit(client, sid)


def test_the_server_submitting_the_draft_shows_its_own_notice(
    client: TestClient, clock: Clock, tmp_path: Path
) -> None:
    sid = start(client, tmp_path)
    saved = client.post(f"/api/interviews/{sid}/draft", json={"text": ANSWER})
    assert saved.status_code == 200, saved.text
    clock.advance(TURN_SECONDS + 5)
    page = client.get(f"/interview/{sid}")
    assert f"{RAN_OUT}; {SAVED_DRAFT}" in page.text
    assert TYPED not in page.text


def test_a_late_submit_from_an_old_page_does_not_answer_the_next_turn(
    client: TestClient, clock: Clock, tmp_path: Path
) -> None:
    sid = start(client, tmp_path)
    clock.advance(TURN_SECONDS + 5)
    assert "Question 2 of" in client.get(f"/interview/{sid}").text  # the server moved on
    late = client.post(f"/interview/{sid}/submit", data={"answer": "stale", "turn": "0"})
    assert late.status_code == 200 and "Question 2 of" in late.text
    stale_draft = client.post(
        f"/api/interviews/{sid}/draft", json={"text": "stale draft", "turn_index": 0}
    )
    assert stale_draft.status_code == 409 and "turn 0 is over" in stale_draft.json()["detail"]
    answers = client.post(f"/api/interviews/{sid}/resume").json()["answers"]
    assert [a["answer"] for a in answers] == [""]  # only the first turn's (empty) hand-in
