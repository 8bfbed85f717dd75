"""One place that turns a recogniser's raw pieces into an ImportedItem with its draft rubric."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mlcoach.content.importers.model import ImportedItem, ImportKind
from mlcoach.content.importers.rubric import draft_points, split_follow_ups
from mlcoach.content.importers.text import plain


@dataclass(frozen=True)
class Found:
    """What a recogniser read for one question, before the rubric is derived."""

    title: str
    answer: str
    kind: ImportKind
    line: int
    shape: str
    question: str = ""  # defaults to the title
    difficulty: int | None = None
    tags: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()


def assemble(found: Found, source: str) -> ImportedItem:
    """The item, with follow-ups split off the answer and the draft rubric derived from it."""
    answer, listed = split_follow_ups(found.answer.strip("\n"))
    answer = _without_trailing_rules(answer)
    question = found.question.strip() or found.title
    points = draft_points(answer, question, found.signals) if answer.strip() else ()
    return ImportedItem(
        title=plain(found.title).rstrip(":"),
        question=question,
        answer_markdown=answer,
        kind=found.kind,
        source=source,
        line=found.line,
        shape=found.shape,
        difficulty=found.difficulty,
        tags=_unique(found.tags),
        companies=_unique(found.companies),
        key_points=points,
        follow_ups=_unique((*found.follow_ups, *listed)),
    )


def _without_trailing_rules(text: str) -> str:
    lines = text.rstrip().splitlines()
    while lines and (not lines[-1].strip() or set(lines[-1].strip()) <= set("-*_")):
        lines.pop()
    return "\n".join(lines)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
