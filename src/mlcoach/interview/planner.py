"""Choose the items for each blueprint section and lay them out as timed turns.

Deterministic for a seeded `random.Random`: candidates are sorted by id before the shuffle, so
the same seed and bank give the same interview. A design section expands into the framework's
five steps, each with its own time box scaled so the steps fill the section.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from mlcoach.content.models import (
    AnyItem,
    BehavioralPrompt,
    Blueprint,
    BlueprintSection,
    DesignStep,
    item_topics,
)
from mlcoach.interview.state import Turn


@dataclass(frozen=True)
class PlanProblem:
    section_id: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"sections.{self.section_id}: {self.message} ({self.fix})"


class PlanError(Exception):
    """The blueprint cannot be filled from the items available; every problem is listed."""

    def __init__(self, problems: list[PlanProblem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def plan_turns(
    blueprint: Blueprint,
    candidates: Sequence[AnyItem],
    design_steps: Sequence[DesignStep],
    rng: random.Random,
) -> list[Turn]:
    """Every turn of the interview in order (follow-ups are added later, while it runs)."""
    pool = sorted(candidates, key=lambda item: item.id)
    used: set[str] = set()
    turns: list[Turn] = []
    problems: list[PlanProblem] = []
    for section in blueprint.sections:
        try:
            chosen = pick_items(section, pool, used, rng)
        except PlanError as exc:
            problems += exc.problems
            continue
        used.update(item.id for item in chosen)
        for item, seconds in zip(
            chosen, split_seconds(section.minutes * 60, len(chosen)), strict=True
        ):
            turns += section_turns(section, item, seconds, design_steps)
    if problems:
        raise PlanError(problems)
    return turns


def pick_items(
    section: BlueprintSection, pool: Sequence[AnyItem], used: set[str], rng: random.Random
) -> list[AnyItem]:
    """Explicit items first, then a topic-balanced random draw of the matching candidates."""
    by_id = {item.id: item for item in pool}
    chosen: list[AnyItem] = []
    problems = []
    for item_id in dict.fromkeys(section.items):  # an id listed twice is asked once
        item = by_id.get(item_id)
        if item is None or item.kind != section.kind:
            what = "not in the bank" if item is None else f"a {item.kind}, not a {section.kind}"
            problems.append(PlanProblem(section.id, f"item '{item_id}' is {what}", _ITEM_FIX))
        else:
            chosen.append(item)
    if problems:
        raise PlanError(problems)
    wanted = section.item_count - len(chosen)
    taken = used | {item.id for item in chosen}
    matching = [item for item in pool if item.id not in taken and matches(section, item)]
    chosen += balanced_draw(section.topics, matching, wanted, rng)
    if not chosen:
        raise PlanError([PlanProblem(section.id, _no_items(section), _MATCH_FIX)])
    return chosen


_ITEM_FIX = "use the id of a bank item of the section's kind (`mlcoach content list`)"
_MATCH_FIX = "widen topics or difficulty, or list items explicitly"


def _no_items(section: BlueprintSection) -> str:
    parts = [f"no unused {section.kind} item"]
    if section.topics:
        parts.append(f"in topics {', '.join(section.topics)}")
    if section.difficulty:
        parts.append(f"with difficulty {section.difficulty[0]}-{section.difficulty[1]}")
    return " ".join(parts)


def matches(section: BlueprintSection, item: AnyItem) -> bool:
    if item.kind != section.kind:
        return False
    if section.difficulty and not section.difficulty[0] <= item.difficulty <= section.difficulty[1]:
        return False
    return not section.topics or bool(set(section.topics) & set(item_topics(item)))


def balanced_draw(
    topics: Sequence[str], items: Sequence[AnyItem], count: int, rng: random.Random
) -> list[AnyItem]:
    """Up to `count` items, round-robin over the section's topics so one topic cannot crowd
    out the rest; without topics, a plain random sample."""
    if count <= 0:
        return []
    groups: list[list[AnyItem]] = []
    seen: set[str] = set()
    for topic in topics or ("",):
        group = [i for i in items if i.id not in seen and (not topic or topic in item_topics(i))]
        seen.update(i.id for i in group)
        rng.shuffle(group)
        groups.append(group)
    rng.shuffle(groups)  # which topic leads changes with the seed
    chosen: list[AnyItem] = []
    while len(chosen) < count and any(groups):
        for group in groups:
            if group and len(chosen) < count:
                chosen.append(group.pop())
    return chosen


def split_seconds(total: int, parts: int, weights: Sequence[float] | None = None) -> list[int]:
    """Whole seconds in proportion to `weights` (equal by default) that add up to `total`."""
    shares = list(weights) if weights else [1.0] * parts
    scale = sum(shares)
    out = [int(total * share / scale) for share in shares]
    for i in range(total - sum(out)):  # hand out the rounding remainder, earliest first
        out[i % len(out)] += 1
    return out


def section_turns(
    section: BlueprintSection, item: AnyItem, seconds: int, design_steps: Sequence[DesignStep]
) -> list[Turn]:
    if item.kind != "design":
        return [_turn(section, item, seconds)]
    boxes = split_seconds(seconds, len(design_steps), [step.minutes for step in design_steps])
    return [_turn(section, item, box, step) for step, box in zip(design_steps, boxes, strict=True)]


def _turn(
    section: BlueprintSection, item: AnyItem, seconds: int, step: DesignStep | None = None
) -> Turn:
    return Turn(
        kind="question" if step is None else "design-step",
        section_id=section.id,
        section_title=section.title,
        item_id=item.id,
        item_kind=item.kind,
        title=item.title_text,
        topic=item_topics(item)[0],
        dimension=item.dimension if isinstance(item, BehavioralPrompt) else None,
        seconds=seconds,
        step_id=None if step is None else step.id,
        step_title=None if step is None else step.title,
    )
