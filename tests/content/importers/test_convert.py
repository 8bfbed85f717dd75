"""Stored deck data back into the bank's models, so practice and grading treat it the same."""

from __future__ import annotations

import pytest

from mlcoach.content import BehavioralPrompt, ConceptQuestion, DesignPrompt
from mlcoach.content.importers import DraftPoint, ImportedItem
from mlcoach.content.importers.convert import design_steps, dimension_of, item_data, to_bank_item
from mlcoach.content.models import KeyPoint


def imported(kind: str, question: str, answer: str = "A model answer.") -> ImportedItem:
    return ImportedItem(
        title=question,
        question=question,
        answer_markdown=answer,
        kind=kind,  # type: ignore[arg-type]
        source="notes.md",
        line=4,
        shape="faq",
        tags=("training",),
        companies=("acme",),
        key_points=(
            DraftPoint("Serve predictions behind a cache", "bullets"),
            DraftPoint("Label data from clicks", "bullets"),
        ),
    )


def test_concept_and_coding_become_concept_questions() -> None:
    for kind in ("concept", "coding"):
        data = item_data(imported(kind, "Why cache?"), topic="production-ml", subtopic="serving")
        model = to_bank_item("deck-notes-why-cache", data)
        assert isinstance(model, ConceptQuestion)
        assert (model.topic, model.subtopic, model.difficulty) == ("production-ml", "serving", 3)
        assert model.follow_ups  # a default when the source has none
        assert data["key_points"][0] == {
            "text": "Serve predictions behind a cache",
            "source": "bullets",
            "derived": True,
        }


def test_design_gets_every_framework_step() -> None:
    data = item_data(imported("design", "Design a feed ranker"), topic="design", subtopic="")
    model = to_bank_item("deck-notes-design-a-feed-ranker", data)
    assert isinstance(model, DesignPrompt)
    assert [p.text for p in model.steps["serving"]] == ["Serve predictions behind a cache"]
    assert [p.text for p in model.steps["data"]] == ["Label data from clicks"]
    assert all(model.steps[step] for step in ("requirements", "framing", "model"))


def test_behavioral_gets_a_dimension_and_red_flags() -> None:
    data = item_data(
        imported("behavioral", "Tell me about a conflict with a colleague"),
        topic="behavioral",
        subtopic="",
    )
    model = to_bank_item("deck-notes-conflict", data)
    assert isinstance(model, BehavioralPrompt)
    assert model.dimension == "culture-fit" and model.red_flags


def test_answerless_cards_are_not_practisable() -> None:
    data = item_data(
        imported("concept", "What is AUC?", answer=""), topic="ml-fundamentals", subtopic="metrics"
    )
    with pytest.raises(ValueError, match="answerless"):
        to_bank_item("deck-notes-what-is-auc", data)


def test_design_steps_and_dimensions_by_wording() -> None:
    steps = design_steps((KeyPoint(text="Clarify the latency budget and scale"),))
    assert [p.text for p in steps["requirements"]] == ["Clarify the latency budget and scale"]
    assert dimension_of("How do you explain a model to non-technical people?") == "communication"
    assert dimension_of("Tell me about your proudest project") == "experience"
