"""Build the grading room's rubric types from bank items (`mlcoach.content.models`)."""

from __future__ import annotations

from mlcoach.content.models import (
    BehavioralPrompt,
    CaseStudy,
    ConceptQuestion,
    DesignPrompt,
)
from mlcoach.content.models import KeyPoint as ContentKeyPoint
from mlcoach.grading.types import KeyPoint, Rubric


def key_points(points: tuple[ContentKeyPoint, ...]) -> tuple[KeyPoint, ...]:
    return tuple(KeyPoint(p.text, p.weight) for p in points)


def rubric_from_item(item: ConceptQuestion | CaseStudy) -> Rubric:
    """The rubric for a concept question (or the key points of a case study)."""
    if isinstance(item, ConceptQuestion):
        return Rubric(question=item.prompt, key_points=key_points(item.key_points),
                      misconceptions=tuple(item.misconceptions),
                      reference_answer=item.model_answer, follow_ups=tuple(item.follow_ups))
    return Rubric(question=item.prompt, key_points=key_points(item.key_points),
                  misconceptions=tuple(item.pitfalls), reference_answer=item.model_answer,
                  follow_ups=tuple(item.follow_ups))


def design_steps(item: DesignPrompt) -> dict[str, tuple[KeyPoint, ...]]:
    return {step: key_points(points) for step, points in item.steps.items()}


def behavioral_signals(item: BehavioralPrompt) -> tuple[KeyPoint, ...]:
    return key_points(item.strong_signals)
