"""What keeps pages cheap under load: progress views cached until the learner's data changes,
GET pages that write nothing, and grading on one model thread."""

from __future__ import annotations

import sys
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from mlcoach.services import practice
from mlcoach.services.coach import Coach
from mlcoach.web.routes.dashboard import dashboard_context
from mlcoach.web.state import FRESH_SECONDS, MODEL_THREADS, WebState
from web.webtools import NOW


def test_a_cached_view_is_rebuilt_when_the_data_or_the_time_slot_changes(
    app: FastAPI, coach: Coach
) -> None:
    state: WebState = app.state.web
    calls: list[str] = []

    def build() -> str:
        calls.append("built")
        return f"view {len(calls)}"

    assert state.cached_view("test", build) == state.cached_view("test", build) == "view 1"
    practice.rate_item(coach, "knn-basics", "Good")
    assert state.cached_view("test", build) == "view 2"
    coach.clock = lambda: NOW + timedelta(seconds=FRESH_SECONDS)
    assert state.cached_view("test", build) == "view 3"
    assert state.cached_view("other", build) == "view 4"  # each view has its own entry
    assert calls == ["built"] * 4


def test_the_dashboard_shows_a_rating_at_once(client: TestClient, app: FastAPI) -> None:
    state: WebState = app.state.web
    assert client.get("/").status_code == 200
    before = dashboard_context(state)["report"]["totals"]["items_practised"]
    assert client.post("/api/practice/knn-basics/rate", json={"rating": "Good"}).status_code == 200
    assert client.get("/").status_code == 200
    assert dashboard_context(state)["report"]["totals"]["items_practised"] == before + 1


def test_pages_that_only_show_progress_and_the_plan_write_nothing(
    client: TestClient, coach: Coach
) -> None:
    assert client.post("/api/plan", json={"interview_date": "2026-04-20"}).status_code == 200
    with coach.learner() as (_, user):
        user.hours_per_week = None  # showing the plan must not save the default hours
    writes: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            writes.append(statement)

    event.listen(coach.engine, "before_cursor_execute", record)
    try:
        for url in ("/", "/plan", "/api/plan", "/api/progress", "/practice"):
            assert client.get(url).status_code == 200, url
    finally:
        event.remove(coach.engine, "before_cursor_execute", record)
    assert writes == []


def test_grading_runs_the_model_on_one_thread(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = [4]
    fake_torch = SimpleNamespace(
        get_num_threads=lambda: threads[-1], set_num_threads=threads.append
    )
    monkeypatch.setitem(sys.modules, "torch", fake_torch)
    answer = {"item_id": "knn-basics", "answer": "KNN votes among the k nearest points."}
    assert client.post("/api/grade", json=answer).status_code == 200
    assert threads == [4, MODEL_THREADS]
