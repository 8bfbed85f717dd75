"""The grading room: free-text concept answers, behavioral (STAR) stories, system designs.

Pure functions of (rubric, answer, embedder): no settings, clock, database or network of their
own. `llm.py` (optional) is imported explicitly by callers that configure a judge.
"""

from mlcoach.grading.calibration import Calibration, Thresholds, default_calibration
from mlcoach.grading.design import DesignResult, DesignRubric, grade_design
from mlcoach.grading.embeddings import (
    Embedder,
    HashingEmbedder,
    MiniLMEmbedder,
    encode_cached,
    shared_embedder,
)
from mlcoach.grading.rubric import grade_answer
from mlcoach.grading.star import StarResult, StarRubric, grade_star
from mlcoach.grading.types import GradeResult, KeyPoint, MisconceptionHit, PointResult, Rubric

__all__ = [
    "Calibration",
    "DesignResult",
    "DesignRubric",
    "Embedder",
    "GradeResult",
    "HashingEmbedder",
    "KeyPoint",
    "MiniLMEmbedder",
    "MisconceptionHit",
    "PointResult",
    "Rubric",
    "StarResult",
    "StarRubric",
    "Thresholds",
    "default_calibration",
    "encode_cached",
    "grade_answer",
    "grade_design",
    "grade_star",
    "shared_embedder",
]
