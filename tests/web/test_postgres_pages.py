"""The web app on PostgreSQL: a learner's first steps, with every page that reads progress.

The other web tests run on SQLite; raw SQL that only one backend accepts (the page cache's
data fingerprint once failed on PostgreSQL) shows up here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlcoach.judge.fake import FakeExecutor
from mlcoach.settings import Settings
from mlcoach.web.app import create_app
from support import NewDatabase, build_coach
from web.webtools import CONTENT, NOW, solution_source

pytestmark = pytest.mark.postgres
PAGES = ["/", "/practice", "/challenges", "/design", "/behavioral", "/interview", "/plan", "/bank"]


@pytest.fixture()
def client(tmp_path: Path, new_postgres_database: NewDatabase) -> Iterator[TestClient]:
    url = new_postgres_database().render_as_string(hide_password=False)
    settings = Settings(data_dir=tmp_path, content_dir=CONTENT, database_url=url)
    coach = build_coach(settings, clock=lambda: NOW)
    with TestClient(create_app(coach, FakeExecutor())) as test_client:
        yield test_client
    coach.engine.dispose()


def test_pages_work_before_and_after_the_first_answers(client: TestClient) -> None:
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    answer = {"answer": "Dropout zeroes random units while training; at inference it is off."}
    assert client.post("/api/practice/dropout-regularization/answer", json=answer).is_success
    source = {"source": solution_source("softmax")}
    assert client.post("/api/challenges/softmax/check", json=source).is_success
    assert client.post("/api/plan", json={"interview_date": "2026-04-20"}).is_success
    started = client.post("/api/interviews", json={"blueprint": "phone-screen", "seed": 1})
    assert started.status_code == 201, started.text
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
    assert "2026-04-20" in client.get("/").text  # the dashboard read the saved plan
