"""Imported items as stored data, and stored data as the bank's own item models.

A deck item is kept as JSON (`item_data`) so the learner's storage never depends on the
importer's classes. `to_bank_item` turns it back into a ConceptQuestion, DesignPrompt or
BehavioralPrompt so practice, grading and scheduling treat it like a shipped item. Fields the
bank requires but a Markdown source rarely has (framework steps of a design, red flags of a
story, a follow-up) get generic defaults; like the derived key points, they are drafts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from mlcoach.content.importers.metadata import DEFAULT_DIFFICULTY
from mlcoach.content.importers.model import ImportedItem
from mlcoach.content.models import (
    DESIGN_STEP_IDS,
    AnyItem,
    BehavioralPrompt,
    ConceptQuestion,
    DesignPrompt,
    KeyPoint,
)

CONTENT_KIND = {
    "concept": "concept",
    "coding": "concept",
    "design": "design",
    "behavioral": "behavioral",
}
DEFAULT_FOLLOW_UP = "Where have you used this in practice, and what would you do differently?"
DEFAULT_PITFALLS = ("Proposes a model before clarifying the goal, the scale and the constraints",)
DEFAULT_RED_FLAGS = (
    "Describes what the team did but never their own decisions and actions",
    "Ends without a concrete, preferably measured, result",
)
# A design source rarely says which framework step a bullet belongs to; these words decide,
# and a step nothing matches gets a generic point so the design grader has every step.
_STEP_WORDS = {
    "serving": r"serv|deploy|inference|monitor|drift|a/b|shadow|canary|retrain|alert|edge|cach|"
    r"version|rollout|latency budget|online",
    "model": r"model|architect|algorithm|train|neural|network|cnn|transformer|xgboost|boost|"
    r"ensemble|tower|ranker|ranking|collaborative|embedding",
    "data": r"data|feature|label|dataset|collect|augment|sampl|log|pipeline|store",
    "framing": r"objective|metric|frame|framing|formulat|predict|target|precision|recall|auc|"
    r"ndcg|ctr|loss|success",
    "requirements": r"requirement|goal|constraint|scale|latency|throughput|users|business|qps|"
    r"real-time|budget|cost",
}
_STEP_DEFAULTS = {
    "requirements": "Clarifies the goal, the scale and the latency and cost constraints first",
    "framing": "Frames the problem as an ML task with offline and online success metrics",
    "data": "Names the data sources, the labels and the features, and how they are built",
    "model": "Proposes a baseline and a stronger model and explains the trade-off",
    "serving": "Covers serving, monitoring for drift and retraining after launch",
}


def item_data(item: ImportedItem, *, topic: str, subtopic: str) -> dict[str, Any]:
    """The JSON kept for one deck item (and everything `to_bank_item` needs)."""
    return {
        "title": item.title,
        "question": item.question,
        "answer": item.answer_markdown,
        "import_kind": item.kind,
        "difficulty": item.difficulty,
        "tags": list(item.tags),
        "companies": list(item.companies),
        "key_points": [
            {"text": p.text, "source": p.source, "derived": p.derived} for p in item.key_points
        ],
        "follow_ups": list(item.follow_ups),
        "source": item.source,
        "line": item.line,
        "shape": item.shape,
        "answerless": item.answerless,
        "topic": topic,
        "subtopic": subtopic,
    }


def to_bank_item(item_id: str, data: Mapping[str, Any]) -> AnyItem:
    """The bank model for a stored deck item with an answer (ValueError for answerless)."""
    if data.get("answerless") or not str(data.get("answer", "")).strip():
        raise ValueError(f"{item_id}: an answerless card cannot be practised or graded")
    common: dict[str, Any] = {
        "id": item_id,
        "difficulty": data.get("difficulty") or DEFAULT_DIFFICULTY,
        "companies": tuple(data.get("companies", ())),
        "tags": tuple(data.get("tags", ())),
        "follow_ups": tuple(data.get("follow_ups", ())) or (DEFAULT_FOLLOW_UP,),
    }
    points = tuple(KeyPoint(text=p["text"]) for p in data.get("key_points", ()))
    kind = CONTENT_KIND[str(data.get("import_kind", "concept"))]
    if kind == "design":
        return _design(common, data, points)
    if kind == "behavioral":
        return _behavioral(common, data, points)
    return ConceptQuestion(
        **common,
        topic=data["topic"],
        subtopic=data["subtopic"],
        prompt=data["question"],
        key_points=points,
        model_answer=data["answer"],
    )


def _design(
    common: dict[str, Any], data: Mapping[str, Any], points: tuple[KeyPoint, ...]
) -> DesignPrompt:
    return DesignPrompt(
        **common,
        title=data["title"],
        prompt=data["question"],
        steps=design_steps(points),
        pitfalls=DEFAULT_PITFALLS,
        model_answer=data["answer"],
    )


def _behavioral(
    common: dict[str, Any], data: Mapping[str, Any], points: tuple[KeyPoint, ...]
) -> BehavioralPrompt:
    return BehavioralPrompt(
        **common,
        title=data["title"],
        dimension=dimension_of(data["question"]),
        prompt=data["question"],
        strong_signals=points,
        red_flags=DEFAULT_RED_FLAGS,
        example_answer=data["answer"],
    )


def design_steps(points: tuple[KeyPoint, ...]) -> dict[str, tuple[KeyPoint, ...]]:
    """Each derived point under the framework step its words name; empty steps get a default."""
    steps: dict[str, list[KeyPoint]] = {step: [] for step in DESIGN_STEP_IDS}
    for point in points:
        steps[_step_of(point.text)].append(point)
    return {
        step: tuple(found) or (KeyPoint(text=_STEP_DEFAULTS[step]),)
        for step, found in steps.items()
    }


def _step_of(text: str) -> str:
    scores = {
        step: len(re.findall(rf"\b({pattern})", text, re.I))
        for step, pattern in _STEP_WORDS.items()
    }
    best = max(scores.values())
    if best == 0:
        return "model"
    return next(step for step in DESIGN_STEP_IDS if scores[step] == best)


Dimension = Literal["experience", "culture-fit", "communication"]


def dimension_of(question: str) -> Dimension:
    """The scorecard dimension a behavioral question tests, from its wording."""
    text = question.lower()
    if re.search(r"why .*(company|us|role)|culture|disagree|conflict|collaborat|mentor", text):
        return "culture-fit"
    if re.search(r"explain|communicat|present|non-technical|audience", text):
        return "communication"
    return "experience"
