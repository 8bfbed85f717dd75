"""Notebook-style guides: a heading per question, then an answer with an expected level.

## Q1: What is the bias-variance tradeoff?
**Expected Level:** Junior to Mid
**Answer:**
...everything up to the next heading of the same or a higher level...
"""

from __future__ import annotations

import re

from mlcoach.content.importers.assemble import Found, assemble
from mlcoach.content.importers.lines import Document
from mlcoach.content.importers.metadata import difficulty_from, kind_of, parent_tags
from mlcoach.content.importers.model import Collected, Skipped

SHAPE = "notebook"
EMPTY_ANSWER = "the question heading has no answer under it"
QUESTION = re.compile(r"^(?:\*\*)?Q(?:uestion)?\s*(\d+)\s*[:.)]\s*(.+?)(?:\*\*)?$", re.I)
_LEVEL = re.compile(r"^\s*\*\*(?:Expected\s+)?Level:?\*\*\s*:?\s*(.+)$", re.I)
_ANSWER_LABEL = re.compile(r"^\s*\*\*Answer:?\*\*\s*:?\s*", re.I)


def signals(doc: Document) -> int:
    """Headings that number a question."""
    return sum(1 for h in doc.headings if h.level >= 2 and QUESTION.match(h.title))


def parse(doc: Document, source: str) -> Collected:
    """Each `## Q1: ...` heading with its section as the answer."""
    out = Collected()
    for heading in doc.headings:
        match = QUESTION.match(heading.title)
        if heading.level < 2 or not match:
            continue
        end = doc.section_end(heading)
        line = doc.lines[heading.index].number
        out.covered.append((heading.index, end))
        level, answer = _answer(doc.texts(heading.index + 1, end))
        if not answer.strip():
            out.skipped.append(Skipped(line, heading.title, EMPTY_ANSWER))
            continue
        found = Found(
            title=match.group(2).strip(),
            answer=answer,
            kind=kind_of(match.group(2)),
            line=line,
            shape=SHAPE,
            difficulty=difficulty_from(level),
            tags=parent_tags(h.title for h in doc.ancestors(heading.index)),
        )
        out.items.append(assemble(found, source))
    return out


def _answer(lines: list[str]) -> tuple[str, str]:
    level = ""
    kept: list[str] = []
    for line in lines:
        level_match = _LEVEL.match(line)
        if level_match and not level:
            level = level_match.group(1)
            continue
        kept.append(_ANSWER_LABEL.sub("", line) if _ANSWER_LABEL.match(line) else line)
    return level, "\n".join(kept).strip("\n")
