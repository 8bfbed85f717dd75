"""The bank's item types: strict pydantic models, one per kind of content.

Every model forbids unknown keys so a typo in a content file is an error, not a silent default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Difficulty = Annotated[int, Field(ge=1, le=5)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ItemKind = Literal["concept", "challenge", "design", "behavioral", "case"]
ITEM_KINDS: tuple[ItemKind, ...] = ("concept", "challenge", "design", "behavioral", "case")
DESIGN_STEP_IDS: tuple[str, ...] = ("requirements", "framing", "data", "model", "serving")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyPoint(Strict):
    """One rubric point; `weight` comes from an optional `(x2)` suffix in the file."""

    text: NonEmpty
    weight: float = Field(default=1.0, gt=0, le=5)


class Item(Strict):
    """Fields every bank item shares."""

    id: Slug
    kind: ItemKind
    difficulty: Difficulty
    companies: tuple[Slug, ...] = ()
    tags: tuple[Slug, ...] = ()

    @property
    def title_text(self) -> str:
        return getattr(self, "title", "") or self.id.replace("-", " ").capitalize()


class ConceptQuestion(Item):
    kind: Literal["concept"] = "concept"
    topic: Slug
    subtopic: Slug
    prompt: NonEmpty
    key_points: tuple[KeyPoint, ...] = Field(min_length=1)
    misconceptions: tuple[NonEmpty, ...] = ()
    model_answer: NonEmpty
    follow_ups: tuple[NonEmpty, ...] = Field(min_length=1)

    @property
    def title_text(self) -> str:
        return first_sentence(self.prompt)


class DesignPrompt(Item):
    kind: Literal["design"] = "design"
    title: NonEmpty
    prompt: NonEmpty
    steps: dict[str, tuple[KeyPoint, ...]]
    pitfalls: tuple[NonEmpty, ...] = Field(min_length=1)
    model_answer: NonEmpty
    follow_ups: tuple[NonEmpty, ...] = Field(min_length=1)

    @property
    def topic(self) -> str:
        return "system-design"

    @model_validator(mode="after")
    def _every_step_present(self) -> DesignPrompt:
        missing = [s for s in DESIGN_STEP_IDS if not self.steps.get(s)]
        if missing:
            raise ValueError(f"framework steps without rubric bullets: {', '.join(missing)}")
        return self


class BehavioralPrompt(Item):
    kind: Literal["behavioral"] = "behavioral"
    title: NonEmpty
    dimension: Literal["experience", "culture-fit", "communication"]
    competencies: tuple[Slug, ...] = ()
    prompt: NonEmpty
    strong_signals: tuple[KeyPoint, ...] = Field(min_length=1)
    red_flags: tuple[NonEmpty, ...] = Field(min_length=1)
    example_answer: NonEmpty
    follow_ups: tuple[NonEmpty, ...] = Field(min_length=1)

    @property
    def topic(self) -> str:
        return "behavioral"


class FrameworkStep(Strict):
    name: NonEmpty
    description: NonEmpty


class CaseStudy(Item):
    kind: Literal["case"] = "case"
    title: NonEmpty
    prompt: NonEmpty
    framework: tuple[FrameworkStep, ...] = Field(min_length=1)
    key_points: tuple[KeyPoint, ...] = Field(min_length=1)
    pitfalls: tuple[NonEmpty, ...] = Field(min_length=1)
    model_answer: NonEmpty
    follow_ups: tuple[NonEmpty, ...] = Field(min_length=1)

    @property
    def topic(self) -> str:
        return "case-study"


class Limits(Strict):
    wall_seconds: float = Field(default=5.0, gt=0, le=60)
    cpu_seconds: float = Field(default=4.0, gt=0, le=60)
    memory_mb: int = Field(default=512, ge=128, le=4096)
    output_kb: int = Field(default=64, ge=1, le=1024)


class Tolerances(Strict):
    rtol: float = Field(default=1e-6, ge=0)
    atol: float = Field(default=1e-8, ge=0)


class Challenge(Item):
    """A from-scratch coding challenge: metadata from challenge.toml plus its folder's files."""

    kind: Literal["challenge"] = "challenge"
    title: NonEmpty
    topics: tuple[Slug, ...] = Field(min_length=1)
    entry_points: tuple[NonEmpty, ...] = Field(min_length=1)
    limits: Limits = Limits()
    tolerances: Tolerances = Tolerances()
    prompt: NonEmpty
    starter: NonEmpty
    solution: NonEmpty
    tests: NonEmpty
    hints: tuple[NonEmpty, ...] = Field(min_length=1)

    @property
    def topic(self) -> str:
        return self.topics[0]


class BlueprintSection(Strict):
    id: Slug
    kind: ItemKind
    title: NonEmpty
    minutes: int = Field(gt=0, le=120)
    count: int | None = Field(default=None, ge=1, le=20)
    topics: tuple[Slug, ...] = ()
    difficulty: tuple[Difficulty, Difficulty] | None = None
    items: tuple[Slug, ...] = ()

    @property
    def item_count(self) -> int:
        return self.count or max(len(self.items), 1)


class Blueprint(Strict):
    id: Slug
    title: NonEmpty
    description: str = ""
    duration_minutes: int = Field(gt=0, le=480)
    sections: tuple[BlueprintSection, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _sections_fit(self) -> Blueprint:
        total = sum(s.minutes for s in self.sections)
        if total > self.duration_minutes:
            raise ValueError(
                f"sections take {total} minutes but duration_minutes is {self.duration_minutes}"
            )
        ids = [s.id for s in self.sections]
        if len(set(ids)) != len(ids):
            raise ValueError("section ids must be unique")
        return self


class TopicInfo(Strict):
    title: NonEmpty
    subtopics: tuple[Slug, ...] = ()


class DesignStep(Strict):
    id: Slug
    title: NonEmpty
    minutes: int = Field(gt=0)


class Manifest(Strict):
    """`content/bank.toml`: the format version and the taxonomy everything refers to."""

    format_version: int = Field(ge=1)
    topics: dict[Slug, TopicInfo]
    companies: dict[Slug, NonEmpty] = {}
    design_steps: tuple[DesignStep, ...]

    @model_validator(mode="after")
    def _design_steps_are_the_framework(self) -> Manifest:
        if tuple(s.id for s in self.design_steps) != DESIGN_STEP_IDS:
            raise ValueError(f"design_steps must be, in order: {', '.join(DESIGN_STEP_IDS)}")
        return self


AnyItem = ConceptQuestion | DesignPrompt | BehavioralPrompt | CaseStudy | Challenge


TITLE_CHARS = 160
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")


def first_sentence(markdown: str, limit: int = TITLE_CHARS) -> str:
    """A prompt's first sentence as a one-line title: its first paragraph is hard-wrapped, and
    cutting at the first line break would end a title mid-phrase. Longer than `limit`, it is cut
    at a word, before any formula the cut would split, and ends with an ellipsis."""
    paragraph = " ".join(markdown.strip().split("\n\n", 1)[0].split())
    sentence = _SENTENCE_END.split(paragraph, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit + 1].rsplit(" ", 1)[0]
    if cut.replace("\\$", "").count("$") % 2:  # an open formula: end before it
        cut = cut[: cut.rfind("$")].rstrip()
    return cut.rstrip(",;:") + "…"


def item_topics(item: AnyItem) -> tuple[str, ...]:
    """Every topic an item belongs to (a challenge may list several; the first is its main)."""
    return tuple(item.topics) if isinstance(item, Challenge) else (item.topic,)


@dataclass(frozen=True)
class Filters:
    """What the learner asked to practise; None means any."""

    kind: str | None = None
    topic: str | None = None
    company: str | None = None
    difficulty: int | None = None

    def matches(self, item: AnyItem) -> bool:
        """Whether the item passes every filter given (any of a challenge's topics counts)."""
        return (
            (self.kind is None or item.kind == self.kind)
            and (self.topic is None or self.topic in item_topics(item))
            and (self.company is None or self.company in item.companies)
            and (self.difficulty is None or item.difficulty == self.difficulty)
        )
