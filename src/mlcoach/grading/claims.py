"""Key points as claims: a point that joins several claims can be stated one claim at a time.

Rubric points are written densely ("At inference dropout is disabled; the full network
approximates averaging the thinned subnetworks"), while a concise answer states each claim in
its own words and place. Matching each claim on its own recovers that evidence: a point whose
claims are at least half stated earns that share of its weight, quoted by the sentence that
states its best-matched claim. Claims also sharpen the contrast check (`contrast.py`): a
short sentence inverting half of a point resembles the swapped claim far more than the swapped
whole point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from mlcoach.grading.text import MIN_CLAUSE_WORDS, tokens

MIN_SHARE = 0.5  # a point needs at least this share of its claims stated to earn any of it
# Claims are cut where a point joins self-contained statements: "A; B", "A, while B", "A, but
# B". Not at ", which" or ", so": what follows leans on what came before ("which ROC-AUC hides").
_CLAIM_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|but)\s)|\s+(?=but\s)", re.IGNORECASE)


@dataclass(frozen=True)
class Statements:
    """A rubric's key points, then the claims of every point that makes several."""

    texts: tuple[str, ...]
    owners: tuple[int, ...]  # the key point each text belongs to (a point owns itself)
    n_points: int

    @property
    def points(self) -> tuple[str, ...]:
        return self.texts[: self.n_points]

    @property
    def claims(self) -> tuple[tuple[int, str], ...]:
        return tuple(zip(self.owners[self.n_points :], self.texts[self.n_points :], strict=True))

    def claims_of(self, point: int) -> list[int]:
        return [i for i in range(self.n_points, len(self.texts)) if self.owners[i] == point]


@lru_cache(maxsize=1024)
def statements_of(points: tuple[str, ...]) -> Statements:
    texts, owners = list(points), list(range(len(points)))
    for index, point in enumerate(points):
        for claim in claims(point):
            texts.append(claim)
            owners.append(index)
    return Statements(tuple(texts), tuple(owners), len(points))


def claims(point: str) -> list[str]:
    """The self-contained claims of a key point; [] when it makes only one."""
    parts = [p.strip(" ,.") for p in _CLAIM_BREAK.split(point)]
    parts = [p for p in parts if len(tokens(p)) >= MIN_CLAUSE_WORDS]
    return parts if len(parts) > 1 else []


@dataclass(frozen=True)
class Coverage:
    """How much of one key point the answer states, through which evidence unit."""

    share: float  # 1 when stated whole; the share of its claims when stated claim by claim
    unit: int
    probability: float  # of the whole point, at its best unit


def point_coverage(
    statements: Statements, probs: NDArray[np.float64], cover: float
) -> list[Coverage]:
    """Per key point: stated whole (probability >= cover), or by at least half its claims."""
    out = []
    for point in range(statements.n_points):
        best = int(np.argmax(probs[point]))
        whole = float(probs[point, best])
        if whole >= cover:
            out.append(Coverage(1.0, best, whole))
            continue
        claims = statements.claims_of(point)
        stated = [c for c in claims if float(probs[c].max()) >= cover]
        share = len(stated) / len(claims) if claims else 0.0
        if stated and share >= MIN_SHARE:
            strongest = max(stated, key=lambda c: float(probs[c].max()))
            out.append(Coverage(share, int(np.argmax(probs[strongest])), whole))
        else:
            out.append(Coverage(0.0, best, whole))
    return out
