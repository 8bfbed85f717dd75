"""Per-answer signals behind the scorecard's communication, experience and culture-fit scores.

Each function returns shares in [0, 1] from the answer text and its grade; `scorecard.py` turns
them into 0-100 dimension scores. The formulas are documented in docs/interview.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mlcoach.grading.guards import CAPPING_FLAGS
from mlcoach.grading.text import split_sentences, word_count
from mlcoach.interview.grades import PointOutcome, missing_star_parts
from mlcoach.interview.state import Turn

# Words an answer of each kind can take before it starts to ramble; three times that is 0.
WORD_BUDGET = {"concept": 200, "case": 350, "behavioral": 300, "design-step": 200, "follow-up": 120}
CLEAR_SENTENCE_WORDS, UNCLEAR_SENTENCE_WORDS = 25, 50
UNCLEAR_FLAGS = frozenset(CAPPING_FLAGS) - {"empty"}
STRUCTURED_SENTENCES = {"question": 3, "design-step": 3, "follow-up": 2}
ORDER_PENALTY = 0.25  # structure lost by every design turn when the model came before requirements


@dataclass(frozen=True)
class Communication:
    structure: float
    clarity: float
    concision: float

    @property
    def score(self) -> float:
        return 100.0 * (self.structure + self.clarity + self.concision) / 3.0


def communication(
    turn: Turn, result: Mapping[str, Any], model_first: bool = False
) -> Communication:
    """Structure, clarity and concision of one free-text answer (0 each when nothing was said)."""
    answer = turn.answer or ""
    flags = set(result.get("flags") or [])
    words = word_count(answer)
    if words == 0 or "empty" in flags:
        return Communication(0.0, 0.0, 0.0)
    sentences = split_sentences(answer)
    if turn.kind == "question" and turn.item_kind == "behavioral":
        structure = star_share(result)
    else:
        structure = min(1.0, len(sentences) / STRUCTURED_SENTENCES[turn.kind])
    if model_first and turn.step_id is not None:
        structure *= 1.0 - ORDER_PENALTY
    return Communication(structure, clarity(sentences, flags), concision(turn, words, flags))


def clarity(sentences: list[str], flags: set[str]) -> float:
    """0 for a non-answer (term list, echo, off-topic); else by mean sentence length."""
    if flags & UNCLEAR_FLAGS or not sentences:
        return 0.0
    mean = sum(word_count(s) for s in sentences) / len(sentences)
    return ramp_down(mean, CLEAR_SENTENCE_WORDS, UNCLEAR_SENTENCE_WORDS)


def concision(turn: Turn, words: int, flags: set[str]) -> float:
    """Full marks within the kind's word budget, none at three times it; halved when padded
    or when the time box ran out before the answer was handed in."""
    budget = WORD_BUDGET.get(turn.kind if turn.kind != "question" else turn.item_kind, 200)
    share = ramp_down(words, budget, 3 * budget)
    if "padding" in flags:
        share *= 0.5
    if turn.timed_out:
        share *= 0.5
    return share


def ramp_down(value: float, full: float, zero: float) -> float:
    """1 up to `full`, 0 from `zero`, linear in between."""
    if value <= full:
        return 1.0
    if value >= zero:
        return 0.0
    return (zero - value) / (zero - full)


def star_share(result: Mapping[str, Any]) -> float:
    """Share of the STAR parts (situation, task, action, result) the story shows."""
    parts = result.get("parts") or {}
    if not parts:
        return 0.0
    return 1.0 - len(missing_star_parts(result)) / len(parts)


def covered_share(points: list[PointOutcome]) -> float:
    """Share of the points covered, by weight (0 when there are none)."""
    total = sum(p.weight for p in points)
    return sum(p.weight for p in points if p.covered) / total if total else 0.0


@dataclass(frozen=True)
class Story:
    """What a behavioral answer shows about experience (depth, impact, ownership, growth)."""

    depth: float
    impact: float
    ownership: float
    growth: float
    red_flags: int
    capped_at: float | None

    @property
    def experience(self) -> float:
        raw = 100.0 * (
            0.35 * self.depth + 0.30 * self.impact + 0.20 * self.ownership + 0.15 * self.growth
        )
        return _clamp(raw - 15.0 * self.red_flags, self.capped_at)


def story(result: Mapping[str, Any], points: list[PointOutcome]) -> Story:
    """Read an experience story's STAR grade: depth, measured impact, ownership, growth."""
    parts = result.get("parts") or {}
    measured = bool(result.get("measurable_results"))
    has_result = bool((parts.get("result") or {}).get("present"))
    return Story(
        depth=0.5 * star_share(result) + 0.5 * covered_share(points),
        impact=1.0 if measured else (0.3 if has_result else 0.0),
        ownership=min(1.0, float(result.get("ownership", 0.0)) / 0.6),
        growth=1.0 if result.get("lessons") else 0.0,
        red_flags=len(result.get("red_flags") or []),
        capped_at=_cap(result),
    )


@dataclass(frozen=True)
class Motivation:
    """What a motivation/values answer shows: the prompt's signals and a concrete story."""

    signals: float
    structure: float
    red_flags: int
    capped_at: float | None

    @property
    def culture(self) -> float:
        raw = 100.0 * (0.7 * self.signals + 0.3 * self.structure)
        return _clamp(raw - 20.0 * self.red_flags, self.capped_at)


def motivation(result: Mapping[str, Any], points: list[PointOutcome]) -> Motivation:
    """Read a motivation/values answer's grade: the prompt's signals and STAR structure."""
    return Motivation(
        signals=covered_share(points),
        structure=star_share(result),
        red_flags=len(result.get("red_flags") or []),
        capped_at=_cap(result),
    )


def _cap(result: Mapping[str, Any]) -> float | None:
    """A non-answer cannot score above what the grader gave it."""
    if CAPPING_FLAGS & set(result.get("flags") or []):
        return float(result.get("score", 0))
    return None


def _clamp(value: float, cap: float | None) -> float:
    if cap is not None:
        value = min(value, cap)
    return max(0.0, min(100.0, value))
