"""The four scorecard dimensions and their weights (the seeds' mock-interview scorecard)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    weight: float


TECHNICAL = Dimension("technical", "Technical", 0.40)
COMMUNICATION = Dimension("communication", "Communication", 0.30)
EXPERIENCE = Dimension("experience", "Experience", 0.20)
CULTURE = Dimension("culture", "Culture fit", 0.10)

DIMENSIONS: tuple[Dimension, ...] = (TECHNICAL, COMMUNICATION, EXPERIENCE, CULTURE)


def weighted_total(scores: dict[str, float | None]) -> float | None:
    """Weighted mean over the dimensions that have a score, re-normalising the weights."""
    present = [(d.weight, scores[d.id]) for d in DIMENSIONS if scores.get(d.id) is not None]
    if not present:
        return None
    total_weight = sum(w for w, _ in present)
    return sum(w * float(s) for w, s in present if s is not None) / total_weight
