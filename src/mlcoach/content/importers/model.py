"""What an importer produces: items with their provenance, and what it skipped and why."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

ImportKind = Literal["concept", "behavioral", "design", "coding"]
IMPORT_KINDS: tuple[ImportKind, ...] = ("concept", "behavioral", "design", "coding")
PointSource = Literal["signals", "bullets", "code", "sentences", "question"]


@dataclass(frozen=True)
class DraftPoint:
    """A rubric key point derived from the answer's structure, never written by an author.

    `source` says where it came from: the source's own "strong answer signals", the answer's
    bullets, comments in a code answer, its leading sentences, or (last resort) the question.
    """

    text: str
    source: PointSource
    derived: bool = True


@dataclass(frozen=True)
class ImportedItem:
    """One question found in a Markdown file, with its answer and where it came from."""

    title: str
    question: str  # Markdown; may hold starter code
    answer_markdown: str  # Markdown, code blocks intact; "" when the source gives no answer
    kind: ImportKind
    source: str
    line: int  # 1-based line of the question in the source file
    shape: str  # which recogniser found it
    difficulty: int | None = None  # 1..5 when the source says
    tags: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    key_points: tuple[DraftPoint, ...] = ()
    follow_ups: tuple[str, ...] = ()

    @property
    def answerless(self) -> bool:
        return not self.answer_markdown.strip()

    def with_labels(self, companies: tuple[str, ...], tags: tuple[str, ...]) -> ImportedItem:
        """A copy that also carries these companies and tags (order kept, no repeats)."""
        return replace(
            self,
            companies=tuple(dict.fromkeys((*self.companies, *companies))),
            tags=tuple(dict.fromkeys((*self.tags, *tags))),
        )


@dataclass(frozen=True)
class Skipped:
    line: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class ParseResult:
    """Everything found in one file, in source order."""

    items: tuple[ImportedItem, ...]
    skipped: tuple[Skipped, ...] = ()
    shapes: tuple[str, ...] = ()

    @property
    def answered(self) -> tuple[ImportedItem, ...]:
        return tuple(i for i in self.items if not i.answerless)

    @property
    def answerless(self) -> tuple[ImportedItem, ...]:
        return tuple(i for i in self.items if i.answerless)


@dataclass
class Collected:
    """A parser's working result before the file-level pass orders and checks it."""

    items: list[ImportedItem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    covered: list[tuple[int, int]] = field(default_factory=list)  # line spans already used
