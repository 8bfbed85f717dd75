"""Behavioral answers: STAR structure, ownership, measurable results, lessons, strong signals.

Structure is found with transparent cue patterns (a sentence can carry several parts); the
prompt's "strong story shows" bullets are matched with the same coverage model as concept
key points, and its red flags like misconceptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mlcoach.grading.calibration import Calibration, default_calibration
from mlcoach.grading.coverage import (
    best_matches,
    dedupe,
    off_topic,
    probabilities,
    screen,
    stating_unit,
    view_of,
)
from mlcoach.grading.embeddings import Embedder
from mlcoach.grading.guards import CAPPING_FLAGS, FLAG_REASONS, ZEROING_FLAGS
from mlcoach.grading.text import content_stems, tokens
from mlcoach.grading.types import KeyPoint, PointResult

STAR_VERSION = "star-2"  # 2: thin_part is a missing part, or "" when all four are told
PARTS = ("situation", "task", "action", "result")
_CUES: dict[str, re.Pattern[str]] = {
    name: re.compile(p, re.I)
    for name, p in {
        "situation": r"\b(at my (last|previous|current)|when i (was|joined|worked)|our team|"
        r"the (team|company|project|product|situation|context|business)|we had|"
        r"there was|back in|a few years ago|last year|in \d{4}|i worked (on|at))\b",
        "task": r"\b(my (goal|task|job|role|responsibility|mandate|mission)|i (was|had been) "
        r"(asked|tasked|responsible|expected|hired)|i needed to|i had to|we needed to|"
        r"the goal was|objective|deadline|the challenge was|the problem was)\b",
        # "I" + a past-tense verb: regular ones by their -ed ending, common irregular ones by name.
        "action": r"\bi (\w+ly )?(\w+ed|built|wrote|rewrote|led|set up|set aside|ran|met|sat|"
        r"chose|spent|made|took|found|began|gave|taught|kept|cut|told|showed|drew|brought|"
        r"sought|fought|understood|went|put|did|got|split|broke|held)\b",
        "result": r"\b(as a result|result(ed|s)? (in|was)|outcome|in the end|ultimately|"
        r"(reduced|increased|improved|cut|raised|lowered|saved|grew|dropped|doubled|"
        r"halved|fell|rose|reached|stayed|went (up|down|from))\b|launched|shipped|went live|"
        r"adopted|impact|from \S+ to \S+)",
    }.items()
}
_LESSON = re.compile(
    r"\b(i learn(ed|t)|lesson|taught me|in hindsight|next time|looking back|"
    r"i would (now |also )?(do|have)|differently|since then|i now|takeaway)\b",
    re.I,
)
_METRIC = re.compile(
    r"(\d+(\.\d+)?\s?(%|percent|x\b|ms\b|s\b|seconds|minutes|hours|days|"
    r"weeks|k\b|m\b|million|thousand|points|pp\b|\$)|\$\s?\d|from \S+ to \S+"
    r"|\b\d+(\.\d+)?\b)",
    re.I,
)
# "Strong story shows" bullets describe a story from above ("establishes shared definitions
# early"), so sentences state them less literally than concept key points; with no labelled
# behavioral answers yet these are set by hand (docs/grading.md), not fitted.
SIGNAL_COVER = 0.35
SIGNAL_FLOOR, SIGNAL_FULL = 0.2, 0.5
WEIGHTS = {
    "situation": 10.0,
    "task": 10.0,
    "action": 25.0,
    "result": 15.0,
    "ownership": 10.0,
    "measurable": 10.0,
    "lessons": 5.0,
    "signals": 15.0,
}
RED_FLAG_PENALTY = 15.0


def components(result: StarResult) -> list[float]:
    """The score's inputs, in WEIGHTS order then minus the red-flag count (for calibration
    checks: the score is their weighted sum, before caps)."""
    parts = [float(bool(result.parts[p])) for p in PARTS]
    rest = [
        min(1.0, result.ownership / 0.6),
        float(bool(result.measurable_results)),
        float(bool(result.lessons)),
        _signal_share(result.signals),
    ]
    return [*parts, *rest, -float(len(result.red_flags))]


@dataclass(frozen=True)
class StarRubric:
    """What a strong story to one behavioral prompt shows."""

    question: str
    strong_signals: tuple[KeyPoint, ...] = ()
    red_flags: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()


@dataclass(frozen=True)
class StarResult:
    score: int
    parts: dict[str, str]  # STAR part -> first evidence sentence ("" when absent)
    thin_part: str  # the missing part to probe ("" when the story has all four)
    ownership: float  # share of first-person subjects that are "I"
    measurable_results: tuple[str, ...]
    lessons: tuple[str, ...]
    signals: tuple[PointResult, ...] = ()
    red_flags: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    follow_up: str = ""
    feedback: str = ""
    version: str = STAR_VERSION
    extras: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "parts": {k: {"present": bool(v), "evidence": v} for k, v in self.parts.items()},
            "thin_part": self.thin_part,
            "ownership": round(self.ownership, 3),
            "measurable_results": list(self.measurable_results),
            "lessons": list(self.lessons),
            "key_points": [s.to_dict() for s in self.signals],
            "red_flags": list(self.red_flags),
            "flags": list(self.flags),
            "follow_up": self.follow_up,
            "feedback": self.feedback,
            "version": self.version,
        }


def star_parts(sentences: list[str]) -> dict[str, list[str]]:
    """Sentences showing each STAR part; unmarked opening sentences count as situation."""
    found: dict[str, list[str]] = {p: [] for p in PARTS}
    for i, sentence in enumerate(sentences):
        marked = [p for p in PARTS if _CUES[p].search(sentence)]
        if not marked and i < 2 and sentences:
            marked = ["situation"]
        for part in marked:
            found[part].append(sentence)
    return found


def ownership(text: str) -> float:
    """Share of first-person subjects that are singular: "I did" versus "we did"."""
    toks = tokens(text)
    singular = sum(t in ("i", "my", "me") for t in toks)
    plural = sum(t in ("we", "our", "us") for t in toks)
    return singular / (singular + plural) if singular + plural else 0.0


def weakest_part(parts: dict[str, list[str]]) -> str:
    """The missing STAR part that weighs most in the score, or "" when none is missing. Never a
    part the story shows: asking "what were you responsible for?" after the answer said so
    contradicts the parts the learner is shown."""
    missing = [p for p in PARTS if not parts[p]]
    return max(missing, key=lambda p: WEIGHTS[p], default="")


def grade_star(
    rubric: StarRubric, answer: str, embedder: Embedder, calibration: Calibration | None = None
) -> StarResult:
    cal = calibration or default_calibration()
    screened = screen(answer)
    sentences = screened.usable
    parts = star_parts(sentences)
    metrics = tuple(s for s in parts["result"] if _METRIC.search(s))
    lessons = tuple(s for s in sentences if _LESSON.search(s))
    signals, reds, flags = _semantic(rubric, screened.usable, screened.flags, embedder, cal)
    if "off_topic" in flags and sum(bool(parts[p]) for p in PARTS) >= 3:
        # A personal story rarely resembles the prompt's wording; structure shows it is one.
        flags = tuple(f for f in flags if f != "off_topic")
    own = ownership(" ".join(sentences))
    comp = {p: float(bool(parts[p])) for p in PARTS}
    comp |= {
        "ownership": min(1.0, own / 0.6),
        "measurable": float(bool(metrics)),
        "lessons": float(bool(lessons)),
        "signals": _signal_share(signals),
    }
    score = sum(WEIGHTS[k] * v for k, v in comp.items()) - RED_FLAG_PENALTY * len(reds)
    if ZEROING_FLAGS.intersection(flags) or not screened.gradable:
        score = 0.0  # an answer that talks to the grader earns nothing, as in rubric scoring
    elif CAPPING_FLAGS.intersection(flags):
        score = min(score, float(cal.thresholds.cap))
    missing = weakest_part(parts)
    return StarResult(
        score=round(max(0.0, min(100.0, score))),
        parts={p: (parts[p][0] if parts[p] else "") for p in PARTS},
        thin_part=missing,
        ownership=own,
        measurable_results=metrics,
        lessons=lessons,
        signals=signals,
        red_flags=reds,
        flags=flags,
        follow_up=_star_follow_up(rubric, missing, signals),
        feedback=_star_feedback(missing, own, metrics, lessons, reds, flags),
    )


def _semantic(
    rubric: StarRubric, sentences: list[str], flags: list[str], embedder: Embedder, cal: Calibration
) -> tuple[tuple[PointResult, ...], tuple[str, ...], tuple[str, ...]]:
    if not sentences or "empty" in flags:
        return (), (), dedupe(flags)
    view = view_of(rubric.question, sentences, embedder)
    texts = [s.text for s in rubric.strong_signals]
    probs = probabilities(rubric.question, texts, view, embedder, cal)
    signals = tuple(
        PointResult(kp.text, ok, view.sentences[m.sentence] if ok else "", kp.weight, m.probability)
        for kp, m in zip(rubric.strong_signals, best_matches(probs), strict=True)
        for ok in [m.probability >= SIGNAL_COVER]
    )
    red = probabilities(rubric.question, rubric.red_flags, view, embedder, cal)
    th = cal.thresholds.misconception
    reds = tuple(
        t
        for t, row in zip(rubric.red_flags, red, strict=True)
        if stating_unit(t, row, probs, view, th) is not None
    )
    if texts:
        flags = flags + off_topic(rubric.question, texts, view, embedder)
    return signals, reds, dedupe(flags)


def _signal_share(signals: tuple[PointResult, ...]) -> float:
    """Soft credit: a signal's probability ramps from SIGNAL_FLOOR (nothing) to SIGNAL_FULL."""
    total = sum(s.weight for s in signals)
    ramp = SIGNAL_FULL - SIGNAL_FLOOR
    earned = sum(
        s.weight * min(1.0, max(0.0, (s.confidence - SIGNAL_FLOOR) / ramp)) for s in signals
    )
    return earned / total if total else 0.0


_PROBES = {
    "situation": "Can you set the scene: what was the team, the product and the stakes?",
    "task": "What exactly were you responsible for, and what did success look like?",
    "action": "What did you personally do, step by step, and why those choices?",
    "result": "What was the outcome, and how did you measure it?",
}


_ASK_FOR = {
    "situation": "set the scene: the team, the product and the stakes",
    "task": "say what you were responsible for and what success meant",
    "action": "say what you did yourself, step by step",
    "result": "say how it ended and how you measured it",
}
_LAST_PROBE = "What would you do differently if you faced the same situation again?"


def _star_follow_up(rubric: StarRubric, missing: str, signals: tuple[PointResult, ...]) -> str:
    """Probe the missing part; with all four there, the prompt's own follow-up that shares most
    words with the weightiest signal the story missed (the first one when none is missed)."""
    if missing:
        return _PROBES[missing]
    if not rubric.follow_ups:
        return _LAST_PROBE
    gaps = [s for s in signals if not s.covered]
    if not gaps:
        return rubric.follow_ups[0]
    gap = max(gaps, key=lambda s: (s.weight, -s.confidence))
    wanted = set(content_stems(gap.text))
    return max(rubric.follow_ups, key=lambda f: len(wanted & set(content_stems(f))))


def _star_feedback(
    missing: str,
    own: float,
    metrics: tuple[str, ...],
    lessons: tuple[str, ...],
    reds: tuple[str, ...],
    flags: tuple[str, ...],
) -> str:
    parts = [reason for f in flags if (reason := FLAG_REASONS.get(f))]
    if missing:
        parts.append(f"The story has no clear {missing}: {_ASK_FOR[missing]}.")
    else:
        parts.append("The story has all four STAR parts.")
    if own < 0.5:
        parts.append('Say what you did yourself: most of the story is told as "we".')
    if not metrics:
        parts.append("Quantify the result (a number, a before/after, a deadline met).")
    if not lessons:
        parts.append("Close with what you learned or would do differently.")
    parts += [f"Red flag: {r}." for r in reds]
    return " ".join(parts)
