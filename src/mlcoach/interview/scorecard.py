"""The end-of-interview scorecard: four weighted dimensions, per-section detail, the strengths,
the three biggest gaps and what to practise next. Pure: built from the graded session state.

How each number is computed is documented in docs/interview.md and in `HOW_COMPUTED`, which
the report prints as its closing note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from mlcoach.content.models import AnyItem, Blueprint
from mlcoach.grading.design import MISTAKE_PENALTY, MISTAKES
from mlcoach.interview import signals
from mlcoach.interview.dimensions import DIMENSIONS, weighted_total
from mlcoach.interview.gaps import Gap, question_gaps
from mlcoach.interview.grades import PointOutcome, point_outcomes
from mlcoach.interview.state import SessionState, Turn

SCORECARD_VERSION = 1
RECOVERY_CREDIT = 0.5  # share of the improvement a follow-up answer earns back
STRENGTH_SCORE = 80.0
WEAK_SCORE = 60.0
TECHNICAL_KINDS = ("concept", "case", "challenge", "design")

HOW_COMPUTED = {
    "technical": "time-weighted mean over concept, case, coding and design questions: rubric "
    "score (key points covered, by weight), share of hidden tests passed, and per-step design "
    f"coverage minus {MISTAKE_PENALTY:g} points per classic design mistake; a follow-up answer "
    f"earns back {RECOVERY_CREDIT:.0%} of what it adds.",
    "communication": "mean over every free-text answer of structure (STAR parts for stories, "
    "enough sentences otherwise, framework order in design), clarity (no term lists or "
    "echoes; sentences of 25 words or fewer on average) and concision (within the word "
    "budget; halved when padded or timed out), equally weighted.",
    "experience": "mean over experience stories of depth 35% (STAR parts and strong signals), "
    "measured impact 30% (a number in the result), ownership 20% ('I' over 'we') and lessons "
    "15%, minus 15 per red flag.",
    "culture": "mean over motivation and values answers of the prompt's strong signals 70% "
    "and STAR structure 30%, minus 20 per red flag.",
}


class DimensionScore(BaseModel):
    id: str
    title: str
    weight: float
    score: float | None
    answers: int
    signals: dict[str, float]
    how: str


class QuestionDetail(BaseModel):
    item_id: str
    title: str
    kind: str
    topic: str
    score: float | None
    first_score: float | None
    follow_up: bool
    timed_out: bool


class SectionDetail(BaseModel):
    id: str
    title: str
    minutes_planned: float
    minutes_used: float
    score: float | None
    questions: list[QuestionDetail]


class Practice(BaseModel):
    topics: list[str]
    items: list[str]
    kinds: dict[str, str] = {}  # item id -> kind, so the report can say how to rework it


class Scorecard(BaseModel):
    """Everything the report shows; stored as JSON with the finished session."""

    version: int = SCORECARD_VERSION
    blueprint_id: str
    blueprint_title: str
    total: float | None
    dimensions: list[DimensionScore]
    sections: list[SectionDetail]
    strengths: list[str]
    gaps: list[Gap]
    practice: Practice


@dataclass
class Question:
    """One item asked in one section: its turns (a question, or the design steps) and score."""

    key: str
    turns: list[tuple[int, Turn]]
    item: AnyItem | None
    model_first: bool = False
    mistakes: list[str] = field(default_factory=list)

    @property
    def head(self) -> Turn:
        return self.turns[0][1]

    @property
    def seconds(self) -> int:
        return sum(t.seconds for _, t in self.turns)


def build_scorecard(
    blueprint: Blueprint, state: SessionState, items: Mapping[str, AnyItem]
) -> Scorecard:
    """The scorecard of a session (finished or not: turns never reached count as unanswered);
    `items` gives the key-point weights of the bank items asked."""
    questions = group_questions(state, items)
    scores = {key: question_score(q, state) for key, q in questions.items()}
    dims = _dimensions(questions, scores, state)
    gaps = [
        g
        for q in questions.values()
        for g in question_gaps(q.turns, q.item, state, q.mistakes)
        if g.minutes_lost > 0
    ]
    gaps.sort(key=lambda g: -g.minutes_lost)
    return Scorecard(
        blueprint_id=blueprint.id,
        blueprint_title=blueprint.title,
        total=_round(weighted_total({d.id: d.score for d in dims})),
        dimensions=dims,
        sections=[
            _section(s.id, s.title, s.minutes, questions, scores, state) for s in blueprint.sections
        ],
        strengths=_strengths(questions, scores, dims),
        gaps=gaps[:3],
        practice=_practice(questions, scores, gaps),
    )


def group_questions(state: SessionState, items: Mapping[str, AnyItem]) -> dict[str, Question]:
    """The questions asked, in order, each with its turns (follow-ups left out) and the
    classic mistakes its whole-design grade found."""
    questions: dict[str, Question] = {}
    for index, turn in enumerate(state.turns):
        if turn.kind == "follow-up":
            continue
        question = questions.setdefault(
            turn.question_key, Question(turn.question_key, [], items.get(turn.item_id))
        )
        question.turns.append((index, turn))
    for key, question in questions.items():
        mistakes = list((state.designs.get(key) or {}).get("mistakes") or [])
        question.mistakes = [m for m in mistakes if m in MISTAKES]
        question.model_first = "model_before_requirements" in question.mistakes
    return questions


def effective(turn: Turn, follow_up: Turn | None) -> float:
    """A turn's score, plus part of what its follow-up answer added; 0 when never answered."""
    first = turn.score if turn.status == "graded" and turn.score is not None else 0.0
    if follow_up is None or follow_up.status != "graded" or follow_up.score is None:
        return first
    return first + RECOVERY_CREDIT * max(0.0, follow_up.score - first)


def question_score(question: Question, state: SessionState, recovery: bool = True) -> float:
    """Box-weighted effective turn scores minus the classic design mistakes, 0-100; without
    `recovery`, what the first answers alone earned."""
    parts = [
        (t.seconds, effective(t, state.follow_up_of(i) if recovery else None))
        for i, t in question.turns
    ]
    total = sum(w for w, _ in parts) or 1
    score = sum(w * s for w, s in parts) / total
    score -= MISTAKE_PENALTY * len(question.mistakes)
    return max(0.0, min(100.0, score))


def _dimensions(
    questions: dict[str, Question], scores: dict[str, float], state: SessionState
) -> list[DimensionScore]:
    built = {
        "technical": _technical(questions, scores),
        "communication": _communication(questions, state),
        "experience": _behavioral(questions, state, "experience"),
        "culture": _behavioral(questions, state, "culture-fit"),
    }
    return [
        DimensionScore(
            id=d.id,
            title=d.title,
            weight=d.weight,
            score=_round(built[d.id][0]),
            answers=built[d.id][1],
            signals={k: round(v, 1) for k, v in built[d.id][2].items()},
            how=HOW_COMPUTED[d.id],
        )
        for d in DIMENSIONS
    ]


Built = tuple[float | None, int, dict[str, float]]


def _technical(questions: dict[str, Question], scores: dict[str, float]) -> Built:
    tech = [q for q in questions.values() if q.head.item_kind in TECHNICAL_KINDS]
    by_kind: dict[str, list[float]] = {}
    for q in tech:
        name = {"challenge": "coding", "design": "design"}.get(q.head.item_kind, "rubric")
        by_kind.setdefault(name, []).append(scores[q.key])
    weight = sum(q.seconds for q in tech)
    score = sum(q.seconds * scores[q.key] for q in tech) / weight if weight else None
    return score, len(tech), {k: _mean(v) for k, v in by_kind.items()}


def _communication(questions: dict[str, Question], state: SessionState) -> Built:
    rated: list[tuple[float, signals.Communication]] = []
    for q in questions.values():
        for index, turn in q.turns:
            for t in (turn, state.follow_up_of(index)):
                if t is None or t.item_kind == "challenge" or t.status != "graded":
                    continue
                weight = 2.0 if t.dimension == "communication" else 1.0
                rated.append((weight, signals.communication(t, t.result or {}, q.model_first)))
    if not rated:
        return None, 0, {}
    total = sum(w for w, _ in rated)

    shown = {
        "structure": sum(w * 100.0 * c.structure for w, c in rated) / total,
        "clarity": sum(w * 100.0 * c.clarity for w, c in rated) / total,
        "concision": sum(w * 100.0 * c.concision for w, c in rated) / total,
    }
    return sum(w * c.score for w, c in rated) / total, len(rated), shown


def _behavioral(questions: dict[str, Question], state: SessionState, dimension: str) -> Built:
    values: list[float] = []
    detail: dict[str, list[float]] = {}
    for q in questions.values():
        index, turn = q.turns[0]
        if turn.item_kind != "behavioral" or turn.dimension != dimension:
            continue
        rated = []
        for t in (turn, state.follow_up_of(index)):
            if t is None or t.status != "graded":
                continue
            points = point_outcomes(t, t.result or {}, q.item)
            rated.append(_story_signals(t, points, dimension, detail if t is turn else None))
        first = rated[0] if rated else 0.0
        later = rated[1] if len(rated) > 1 else first
        values.append(first + RECOVERY_CREDIT * max(0.0, later - first))
    if not values:
        return None, 0, {}
    return _mean(values), len(values), {k: _mean(v) for k, v in detail.items()}


def _story_signals(
    turn: Turn, points: list[PointOutcome], dimension: str, detail: dict[str, list[float]] | None
) -> float:
    result = turn.result or {}
    if dimension == "experience":
        s = signals.story(result, points)
        shown = {"depth": s.depth, "impact": s.impact, "ownership": s.ownership, "growth": s.growth}
        value = s.experience
    else:
        m = signals.motivation(result, points)
        shown = {"motivation": m.signals, "structure": m.structure}
        value = m.culture
    if detail is not None:
        for name, share in shown.items():
            detail.setdefault(name, []).append(100.0 * share)
    return value


def _section(
    section_id: str,
    title: str,
    minutes: int,
    questions: dict[str, Question],
    scores: dict[str, float],
    state: SessionState,
) -> SectionDetail:
    mine = [q for q in questions.values() if q.head.section_id == section_id]
    used = sum(t.used_seconds or 0.0 for t in state.turns if t.section_id == section_id)
    weight = sum(q.seconds for q in mine)
    return SectionDetail(
        id=section_id,
        title=title,
        minutes_planned=float(minutes),
        minutes_used=round(used / 60.0, 1),
        score=_round(sum(q.seconds * scores[q.key] for q in mine) / weight if weight else None),
        questions=[_detail(q, scores[q.key], state) for q in mine],
    )


def _detail(question: Question, score: float, state: SessionState) -> QuestionDetail:
    turns = [t for _, t in question.turns]
    answered = any(t.score is not None for t in turns)
    return QuestionDetail(
        item_id=question.head.item_id,
        title=question.head.title,
        kind=question.head.item_kind,
        topic=question.head.topic,
        score=_round(score),
        first_score=_round(question_score(question, state, recovery=False)) if answered else None,
        follow_up=any(state.follow_up_of(i) is not None for i, _ in question.turns),
        timed_out=any(t.timed_out for t in turns),
    )


def _strengths(
    questions: dict[str, Question], scores: dict[str, float], dims: list[DimensionScore]
) -> list[str]:
    found: list[tuple[float, str]] = []
    for q in questions.values():
        score = scores[q.key]
        if score < STRENGTH_SCORE:
            continue
        if q.head.item_kind == "challenge":
            found.append(
                (score, f"Coding challenge {q.head.title}: {score:.0f}% of the hidden tests pass")
            )
        else:
            found.append(
                (score, f"Strong {q.head.item_kind} answer: {q.head.title} ({score:.0f}/100)")
            )
    for d in dims:
        if d.score is not None and d.score >= STRENGTH_SCORE:
            found.append((d.score, f"{d.title} scored {d.score:.0f}/100"))
    found.sort(key=lambda pair: -pair[0])
    return [text for _, text in found[:5]]


def _practice(
    questions: dict[str, Question], scores: dict[str, float], gaps: list[Gap]
) -> Practice:
    by_topic: dict[str, float] = {}
    for gap in gaps:
        by_topic[gap.topic] = by_topic.get(gap.topic, 0.0) + gap.minutes_lost
    topics = sorted(by_topic, key=lambda t: -by_topic[t])[:3]
    weak = sorted(
        (q for q in questions.values() if scores[q.key] < WEAK_SCORE),
        key=lambda q: scores[q.key],
    )
    chosen = [q.head for q in weak][:5]
    return Practice(
        topics=topics,
        items=[t.item_id for t in chosen],
        kinds={t.item_id: t.item_kind for t in chosen},
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
