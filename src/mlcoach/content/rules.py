"""Bank rules beyond the schema: references into bank.toml and the quality bar for items."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from mlcoach.content.models import (
    AnyItem,
    BehavioralPrompt,
    CaseStudy,
    Challenge,
    ConceptQuestion,
    DesignPrompt,
)
from mlcoach.content.problems import Problem, rel

if TYPE_CHECKING:
    from mlcoach.content.loader import Bank


def words(text: str) -> int:
    return len(text.split())


def reference_problems(bank: Bank) -> list[Problem]:
    manifest = bank.manifest
    problems: list[Problem] = []
    topics = ", ".join(manifest.topics)
    for item_id, item in bank.items.items():
        path = bank.paths.get(item_id, item_id)
        for topic in _topics_of(item):
            if topic not in manifest.topics:
                problems.append(
                    Problem(
                        path,
                        "topic",
                        f"unknown topic '{topic}'",
                        f"use one of: {topics}; or add it to bank.toml",
                    )
                )
        if isinstance(item, ConceptQuestion) and item.topic in manifest.topics:
            allowed = manifest.topics[item.topic].subtopics
            if item.subtopic not in allowed:
                problems.append(
                    Problem(
                        path,
                        "subtopic",
                        f"unknown subtopic '{item.subtopic}' for topic '{item.topic}'",
                        f"use one of: {', '.join(allowed)}",
                    )
                )
        for company in item.companies:
            if company not in manifest.companies:
                problems.append(
                    Problem(
                        path,
                        "companies",
                        f"unknown company '{company}'",
                        "use a slug from [companies] in bank.toml or add it",
                    )
                )
    problems.extend(_blueprint_problems(bank))
    return problems


def _topics_of(item: AnyItem) -> Iterable[str]:
    if isinstance(item, Challenge):
        return item.topics
    return (item.topic,)


def _blueprint_problems(bank: Bank) -> list[Problem]:
    problems = []
    for blueprint in bank.blueprints.values():
        path = rel(bank.root / "interviews" / f"{blueprint.id}.toml", bank.root)
        for n, section in enumerate(blueprint.sections):
            where = f"sections.{n}"
            for topic in section.topics:
                if topic not in bank.manifest.topics:
                    problems.append(
                        Problem(
                            path,
                            f"{where}.topics",
                            f"unknown topic '{topic}'",
                            "use a topic from bank.toml",
                        )
                    )
            for item_id in section.items:
                item = bank.items.get(item_id)
                if item is None or item.kind != section.kind:
                    problems.append(
                        Problem(
                            path,
                            f"{where}.items",
                            f"no {section.kind} item '{item_id}' in the bank",
                            "use an existing id",
                        )
                    )
            pool = [
                i
                for i in bank.of_kind(section.kind)
                if (not section.topics or set(_topics_of(i)) & set(section.topics))
                and (not section.difficulty or _within(i.difficulty, section.difficulty))
            ]
            if not section.items and len(pool) < section.item_count:
                problems.append(
                    Problem(
                        path,
                        f"{where}.count",
                        f"needs {section.item_count} "
                        f"{section.kind} items but the bank has {len(pool)} that "
                        "match",
                        "lower count or widen topics or difficulty",
                    )
                )
    return problems


def _within(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


Rule = Callable[[AnyItem], list[tuple[str, str, str]]]


def _concept_rules(item: AnyItem) -> list[tuple[str, str, str]]:
    assert isinstance(item, ConceptQuestion)
    found = []
    if len(item.key_points) < 4:
        found.append(
            (
                "key_points",
                f"{len(item.key_points)} key points, at least 4 needed",
                "add key points",
            )
        )
    found.extend(_length("model_answer", item.model_answer, 120, 350))
    return found


def _design_rules(item: AnyItem) -> list[tuple[str, str, str]]:
    assert isinstance(item, DesignPrompt)
    found = [
        (
            f"steps.{step}",
            f"{len(points)} rubric bullets, at least 3 needed",
            "add what a strong answer covers in this step",
        )
        for step, points in item.steps.items()
        if len(points) < 3
    ]
    if len(item.pitfalls) < 2:
        found.append(("pitfalls", "fewer than 2 pitfalls", "add common mistakes"))
    found.extend(_length("model_answer", item.model_answer, 150, 900))
    return found


def _behavioral_rules(item: AnyItem) -> list[tuple[str, str, str]]:
    assert isinstance(item, BehavioralPrompt)
    found = []
    if len(item.strong_signals) < 4:
        found.append(("strong_signals", "fewer than 4 signals", "add what a strong story shows"))
    if len(item.red_flags) < 2:
        found.append(("red_flags", "fewer than 2 red flags", "add red flags"))
    found.extend(_length("example_answer", item.example_answer, 120, 450))
    return found


def _case_rules(item: AnyItem) -> list[tuple[str, str, str]]:
    assert isinstance(item, CaseStudy)
    found = []
    if len(item.framework) < 4:
        found.append(("framework", "fewer than 4 framework steps", "add analysis steps"))
    if len(item.key_points) < 4:
        found.append(("key_points", "fewer than 4 key points", "add key points"))
    found.extend(_length("model_answer", item.model_answer, 150, 900))
    return found


def _challenge_rules(item: AnyItem) -> list[tuple[str, str, str]]:
    assert isinstance(item, Challenge)
    if len(item.hints) < 2:
        return [("hints", "fewer than 2 hints", "write a ladder of '## Hint N' sections")]
    return []


def _length(field: str, text: str, low: int, high: int) -> list[tuple[str, str, str]]:
    n = words(text)
    if n < low or n > high:
        return [(field, f"{n} words, expected {low}-{high}", "rewrite to length")]
    return []


QUALITY_RULES: dict[str, Rule] = {
    "concept": _concept_rules,
    "design": _design_rules,
    "behavioral": _behavioral_rules,
    "case": _case_rules,
    "challenge": _challenge_rules,
}


def quality_problems(bank: Bank) -> list[Problem]:
    """The bank's quality bar: enough key points, answers of a useful length, hints present."""
    problems = []
    for item_id, item in bank.items.items():
        path = bank.paths.get(item_id, item_id)
        for field, message, fix in QUALITY_RULES[item.kind](item):
            problems.append(Problem(path, field, message, fix))
    return problems
