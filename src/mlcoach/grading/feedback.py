"""Follow-up questions and the short feedback text of a graded answer."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mlcoach.grading.coverage import encode_statements
from mlcoach.grading.embeddings import Embedder
from mlcoach.grading.guards import FLAG_REASONS
from mlcoach.grading.types import MisconceptionHit, PointResult, Rubric

FOLLOW_UP_SIMILARITY = 0.35  # below this no listed follow-up is about the missed point


def weightiest_missed(results: Sequence[PointResult]) -> PointResult | None:
    """The missed point that costs most; ties go to the one the answer came least close to."""
    missed = [p for p in results if not p.covered]
    if not missed:
        return None
    return max(missed, key=lambda p: (p.weight, -p.confidence))


def follow_up(rubric: Rubric, results: Sequence[PointResult], embedder: Embedder) -> str:
    """A question aimed at the weightiest missed point, or a deepening one if none was missed."""
    target = weightiest_missed(results)
    if target is None:
        return rubric.follow_ups[0] if rubric.follow_ups else ""
    if rubric.follow_ups:
        vectors = encode_statements(embedder, rubric.follow_ups)
        point = encode_statements(embedder, (target.text,))[0]
        sims = vectors @ point
        best = int(np.argmax(sims))
        if float(sims[best]) >= FOLLOW_UP_SIMILARITY:
            return rubric.follow_ups[best]
    return generated_follow_up(target.text)


def generated_follow_up(point: str) -> str:
    """Turn a missed rubric statement into a question that asks the candidate to explain it."""
    statement = point.strip().rstrip(".")
    statement = statement[0].lower() + statement[1:] if statement else statement
    return f"Your answer did not get to this: {statement}. Can you explain why that holds?"


def summary(
    score: int,
    results: Sequence[PointResult],
    hits: Sequence[MisconceptionHit],
    flags: Sequence[str],
) -> str:
    """Two to four short sentences: what was covered, what was missed, what was wrong, why."""
    parts = [reason for flag in flags if (reason := FLAG_REASONS.get(flag))]
    covered = sum(p.covered for p in results)
    partly = sum(p.covered and p.share < 1 for p in results)
    in_part = f", {partly} of them only in part" if partly else ""
    parts.append(f"Covered {covered} of {len(results)} key points{in_part} (score {score}/100).")
    missed = [p.text for p in sorted(results, key=lambda p: -p.weight) if not p.covered]
    if missed:
        parts.append("Missing: " + "; ".join(_short(t) for t in missed[:3]) + ".")
    for hit in hits:
        parts.append(
            f'Incorrect claim: "{_short(hit.evidence)}" — {_short(hit.text)} is a misconception.'
        )
    return " ".join(parts)


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
