"""The story bank: the service's CRUD, the JSON API and the pages that edit and reuse stories."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from mlcoach.services import stories
from mlcoach.services.coach import Coach
from web.webtools import NOW

STORY = {
    "title": "Leakage in the churn model",
    "situation": "Our churn model looked great offline.",
    "task": "I owned the feature pipeline.",
    "action": "I traced the leak to a field filled after cancellation.",
    "result": "Precision went from 0.41 to 0.78.",
    "lessons": "Check feature timestamps first.",
    "tags": ["Failure", "leakage"],
}


def test_service_round_trip(coach: Coach) -> None:
    created = stories.create_story(coach, stories.StoryInput(**STORY))
    assert created.id > 0 and created.created_at == NOW and created.tags == ["failure", "leakage"]
    assert [s.title for s in stories.list_stories(coach)] == [STORY["title"]]
    changed = stories.update_story(
        coach, created.id, stories.StoryInput(**{**STORY, "result": "Recall doubled."})
    )
    assert stories.get_story(coach, created.id).result == "Recall doubled." == changed.result
    stories.delete_story(coach, created.id)
    assert stories.list_stories(coach) == []
    with pytest.raises(stories.StoryNotFound):
        stories.get_story(coach, created.id)


def test_titles_are_unique_per_learner(coach: Coach) -> None:
    first = stories.create_story(coach, stories.StoryInput(**STORY))
    with pytest.raises(stories.DuplicateStory):
        stories.create_story(coach, stories.StoryInput(**STORY))
    other = stories.create_story(coach, stories.StoryInput(title="Another"))
    with pytest.raises(stories.DuplicateStory):
        stories.update_story(coach, other.id, stories.StoryInput(**STORY))
    assert stories.update_story(coach, first.id, stories.StoryInput(**STORY)).id == first.id


@pytest.mark.parametrize(
    "data",
    [{"title": ""}, {"title": "  \x00 "}, {"title": "x" * 201}, {"title": "t", "tags": ["<b>"]},
     {"title": "t", "mood": "happy"}, {"title": "t", "action": "x" * 10_001}],
)  # fmt: skip
def test_bad_story_input_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        stories.StoryInput.model_validate(data)


def test_text_is_cleaned_for_every_database() -> None:
    assert stories.StoryInput(title="Nul", action="nul\x00byte").action == "nulbyte"
    with pytest.raises(ValidationError):
        stories.StoryInput(title="Lone \ud800 surrogate")


def test_story_answer_joins_the_parts_in_star_order() -> None:
    text = stories.story_answer(stories.StoryInput(**STORY))
    assert text.startswith(STORY["situation"]) and text.endswith(STORY["lessons"])
    assert text.count("\n\n") == 4


def test_api_crud(client: TestClient) -> None:
    created = client.post("/api/stories", json=STORY)
    assert created.status_code == 201
    story_id = created.json()["id"]
    assert client.get(f"/api/stories/{story_id}").json()["title"] == STORY["title"]
    assert client.post("/api/stories", json=STORY).status_code == 409
    updated = client.put(f"/api/stories/{story_id}", json={**STORY, "title": "Renamed"})
    assert updated.status_code == 200 and updated.json()["title"] == "Renamed"
    assert [s["title"] for s in client.get("/api/stories").json()] == ["Renamed"]
    assert client.delete(f"/api/stories/{story_id}").status_code == 204
    assert client.get(f"/api/stories/{story_id}").status_code == 404
    assert client.delete(f"/api/stories/{story_id}").status_code == 404
    assert client.put(f"/api/stories/{story_id}", json=STORY).status_code == 404


def test_api_bad_story_is_422_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/stories", json={**STORY, "title": ""})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "title"]
    assert client.get("/api/stories/abc").status_code == 422
    assert client.get(f"/api/stories/{2**63}").status_code == 422  # not a database overflow
    assert client.get(f"/behavioral/stories/{2**40}/edit").status_code == 422


def test_pages_create_edit_and_delete(client: TestClient) -> None:
    form = {**STORY, "tags": "failure, leakage"}
    created = client.post("/behavioral/stories", data=form, follow_redirects=False)
    assert created.status_code == 303 and created.headers["location"] == "/behavioral/stories"
    listing = client.get("/behavioral/stories").text
    assert STORY["title"] in listing and "failure" in listing
    story_id = client.get("/api/stories").json()[0]["id"]
    edit = client.get(f"/behavioral/stories/{story_id}/edit").text
    assert 'value="failure, leakage"' in edit and STORY["action"] in edit
    client.post(f"/behavioral/stories/{story_id}", data={**form, "title": "New title"})
    assert "New title" in client.get("/behavioral/stories").text
    client.post(f"/behavioral/stories/{story_id}/delete")
    assert "No stories yet" in client.get("/behavioral/stories").text
    assert client.post(f"/behavioral/stories/{story_id}/delete").status_code == 404


def test_page_form_errors_keep_what_was_typed(client: TestClient) -> None:
    response = client.post("/behavioral/stories", data={"title": "", "action": "I kept this"})
    assert response.status_code == 422
    assert "title" in response.text and "I kept this" in response.text
    client.post("/behavioral/stories", data={"title": "Taken"})
    duplicate = client.post("/behavioral/stories", data={"title": "Taken"})
    assert duplicate.status_code == 409 and "already exists" in duplicate.text


def test_use_this_story_is_offered_on_behavioral_prompts(client: TestClient) -> None:
    client.post("/api/stories", json=STORY)
    html = client.get("/behavioral/project-failure").text
    assert "Use this story" in html
    assert f'<option value="1">{STORY["title"]}</option>' in html
    assert STORY["situation"] in html and STORY["lessons"] in html


def test_story_text_in_pages_is_escaped(client: TestClient) -> None:
    client.post("/api/stories", json={"title": "<script>alert(1)</script>", "action": "<b>x</b>"})
    for url in ("/behavioral/stories", "/behavioral/project-failure"):
        html = client.get(url).text
        assert "<script>alert(1)</script>" not in html and "<b>x</b>" not in html
