"""Fitted coefficients that turn evidence features into a coverage probability.

`calibration.json` is data produced by `bench/grading.py fit` (logistic regression on the
SemEval-2013 training split); the grader only needs numpy to apply it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from mlcoach.grading.features import FEATURE_NAMES

CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class Thresholds:
    """Decision settings of the rubric grader (see docs/grading.md for how they were set)."""

    cover: float = 0.5  # a key point is covered when its probability reaches this
    misconception: float = 0.6  # a misconception is stated when its probability reaches this
    misconception_penalty: float = 25.0  # score points lost per stated misconception
    partial_credit: float = 0.0  # credit for a missed point, times its probability
    cap: int = 20  # ceiling for non-answers (empty, echo, injection, ...)
    contrast_margin: float = 0.3  # logit lead a swapped key point needs over every real one
    misconception_margin: float = 0.0  # logit lead a misconception needs over every key point


@dataclass(frozen=True)
class Calibration:
    """A logistic model over standardised features."""

    features: tuple[str, ...]
    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    coef: NDArray[np.float64]
    intercept: float
    thresholds: Thresholds = field(default_factory=Thresholds)
    source: str = ""

    def probability(self, rows: NDArray[np.float64]) -> NDArray[np.float64]:
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "thresholds": self.thresholds.__dict__,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibration:
        features = tuple(data["features"])
        if features != FEATURE_NAMES:
            raise ValueError(
                f"calibration was fitted on features {features}, "
                f"the grader computes {FEATURE_NAMES}: refit it"
            )
        return cls(
            features=features,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef=np.asarray(data["coef"], dtype=np.float64),
            intercept=float(data["intercept"]),
            thresholds=Thresholds(**data.get("thresholds", {})),
            source=str(data.get("source", "")),
        )


@lru_cache(maxsize=1)
def default_calibration() -> Calibration:
    """The shipped coefficients (read once)."""
    text = resources.files("mlcoach.grading").joinpath(CALIBRATION_FILE).read_text("utf-8")
    return Calibration.from_dict(json.loads(text))
