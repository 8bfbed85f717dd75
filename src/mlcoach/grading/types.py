"""Input and output types of the grading room.

The room defines its own rubric types so it does not depend on how content is stored; the
adapters in `adapters.py` build them from bank items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GRADER_VERSION = "rubric-1"


@dataclass(frozen=True)
class KeyPoint:
    """One rubric point a strong answer states."""

    text: str
    weight: float = 1.0


@dataclass(frozen=True)
class Rubric:
    """What a concept answer is graded against."""

    question: str
    key_points: tuple[KeyPoint, ...]
    misconceptions: tuple[str, ...] = ()
    reference_answer: str = ""
    follow_ups: tuple[str, ...] = ()


@dataclass(frozen=True)
class PointResult:
    """Whether one key point was covered, with the answer sentence that shows it."""

    text: str
    covered: bool
    evidence: str
    weight: float = 1.0
    confidence: float = 0.0
    share: float = 1.0  # of the point's claims stated, when covered claim by claim

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "covered": self.covered,
            "evidence": self.evidence,
            "partial": self.covered and self.share < 1,  # only some of its claims stated
        }


@dataclass(frozen=True)
class MisconceptionHit:
    """A misconception the answer states, with the sentence that states it."""

    text: str
    evidence: str
    cost_point: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "evidence": self.evidence, "cost_point": self.cost_point}


@dataclass(frozen=True)
class GradeResult:
    """The rubric grader's verdict on one answer."""

    score: int
    key_points: tuple[PointResult, ...]
    misconceptions: tuple[MisconceptionHit, ...] = ()
    flags: tuple[str, ...] = ()
    follow_up: str = ""
    feedback: str = ""
    version: str = GRADER_VERSION
    extras: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "key_points": [p.to_dict() for p in self.key_points],
            "misconceptions": [m.to_dict() for m in self.misconceptions],
            "flags": list(self.flags),
            "follow_up": self.follow_up,
            "feedback": self.feedback,
            "version": self.version,
        }
