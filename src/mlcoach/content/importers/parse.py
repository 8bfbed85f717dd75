"""One call from a file's bytes to its questions: decode, repair, recognise, check.

Every recogniser that finds evidence of its shape runs, most specific first; a later one never
takes lines an earlier one already used, so mixed files (a notebook with a list of further
questions, a mkdocs page with company lists) come out whole. Answerless lists run last, over
what is left. The file is refused, never imported in part, when it is truncated (a code block
never closed, or a last question with an empty answer) or holds no question at all.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from mlcoach.content.importers import chapter, faq, lists, mkdocs, notebook
from mlcoach.content.importers.dedup import words
from mlcoach.content.importers.lines import Document, covered_lines
from mlcoach.content.importers.model import Collected, ImportedItem, ParseResult, Skipped
from mlcoach.content.importers.text import ImportProblem, decode_source, repair


class Recogniser(Protocol):
    """What each shape module offers: evidence of its shape, and the items it finds."""

    SHAPE: str

    def signals(self, doc: Document) -> int: ...

    def parse(self, doc: Document, source: str) -> Collected: ...


RECOGNISERS: tuple[Recogniser, ...] = (mkdocs, notebook, faq, chapter)
_EMPTY_ANSWERS = {mkdocs.EMPTY_ANSWER, notebook.EMPTY_ANSWER, faq.EMPTY_ANSWER}
SHAPES_HELP = (
    "mkdocs pages ('### Question - Company Interview Question' + '??? success' answer), "
    "notebooks ('## Q1: ...' + answer), FAQs ('**Q1: ...**' + '**A:** ...'), chapters "
    "('QUESTION 1:' / 'Q1:' / 'DESIGN:' in sections or code blocks, numbered question headings), "
    "and lists of questions without answers"
)


def parse_bytes(data: bytes, source: str) -> ParseResult:
    """The items of a file's bytes: decoded, repaired, recognised (ImportProblem if refused)."""
    return parse_markdown(repair(decode_source(data, source)), source)


def parse_markdown(text: str, source: str) -> ParseResult:
    """The items of a repaired text; ImportProblem when it is truncated or holds none."""
    doc = Document(text)
    if doc.unclosed_fence is not None:
        raise ImportProblem(
            f"{source}:{doc.unclosed_fence}: a code block opened here is never closed, so the "
            "file looks truncated; copy the whole file again (or close the block with ```)"
        )
    found, shapes = _recognise(doc, source)
    answerless = lists.parse(doc, source, found.covered)
    if answerless.items:
        shapes.append(lists.SHAPE)
    listed = _merge_listed(sorted(answerless.items, key=lambda i: i.line))
    items = sorted([*found.items, *listed], key=lambda i: i.line)
    skipped = sorted([*found.skipped, *answerless.skipped], key=lambda s: s.line)
    _refuse_truncated(source, items, skipped)
    if not items:
        raise ImportProblem(
            f"{source}: no questions found, so this does not look like a question bank. "
            f"Recognised shapes: {SHAPES_HELP}"
        )
    return ParseResult(tuple(items), tuple(skipped), tuple(shapes))


def _recognise(doc: Document, source: str) -> tuple[Collected, list[str]]:
    found = Collected()
    shapes: list[str] = []
    for recogniser in RECOGNISERS:
        if not recogniser.signals(doc):
            continue
        result = recogniser.parse(doc, source)
        used = covered_lines(found.covered, len(doc.lines))
        fresh = [i for i in result.items if not used[i.line - 1]]
        found.skipped.extend(s for s in result.skipped if not used[s.line - 1])
        found.covered.extend(result.covered)
        found.items.extend(fresh)
        if fresh:
            shapes.append(recogniser.SHAPE)
    return found, shapes


def _merge_listed(items: list[ImportedItem]) -> list[ImportedItem]:
    """One card per listed title: the same title in several company lists gathers companies."""
    merged: dict[frozenset[str] | str, ImportedItem] = {}
    for item in items:
        key: frozenset[str] | str = words(item.title) or item.title.lower()
        first = merged.get(key)
        if first is None:
            merged[key] = item
        else:
            labelled = first.with_labels(item.companies, item.tags)
            if labelled.difficulty is None and item.difficulty is not None:
                labelled = replace(labelled, difficulty=item.difficulty)
            merged[key] = labelled
    return list(merged.values())


def _refuse_truncated(source: str, items: list[ImportedItem], skipped: list[Skipped]) -> None:
    last_item = max((i.line for i in items if not i.answerless), default=0)
    empty = [s for s in skipped if s.reason in _EMPTY_ANSWERS]
    if empty and empty[-1].line > last_item:
        raise ImportProblem(
            f"{source}:{empty[-1].line}: the last question ('{empty[-1].text}') has no answer, "
            "so the file looks truncated; copy the whole file again"
        )
