"""Build the grading room's rubric types from bank items (`mlcoach.content.models`)."""

from __future__ import annotations

from mlcoach.content.models import (
    BehavioralPrompt,
    CaseStudy,
    ConceptQuestion,
    DesignPrompt,
)
from mlcoach.content.models import KeyPoint as ContentKeyPoint
from mlcoach.grading.design import DesignRubric
from mlcoach.grading.star import StarRubric
from mlcoach.grading.types import KeyPoint, Rubric


def key_points(points: tuple[ContentKeyPoint, ...]) -> tuple[KeyPoint, ...]:
    return tuple(KeyPoint(p.text, p.weight) for p in points)


def rubric_from_item(item: ConceptQuestion | CaseStudy) -> Rubric:
    """The rubric for a concept question, or for a case study (pitfalls as misconceptions)."""
    wrong = item.misconceptions if isinstance(item, ConceptQuestion) else item.pitfalls
    return Rubric(
        question=item.prompt,
        key_points=key_points(item.key_points),
        misconceptions=tuple(wrong),
        reference_answer=item.model_answer,
        follow_ups=tuple(item.follow_ups),
    )


def design_rubric(item: DesignPrompt) -> DesignRubric:
    return DesignRubric(
        question=item.prompt,
        steps={step: key_points(points) for step, points in item.steps.items()},
        pitfalls=tuple(item.pitfalls),
        follow_ups=tuple(item.follow_ups),
    )


def star_rubric(item: BehavioralPrompt) -> StarRubric:
    return StarRubric(
        question=item.prompt,
        strong_signals=key_points(item.strong_signals),
        red_flags=tuple(item.red_flags),
        follow_ups=tuple(item.follow_ups),
    )
