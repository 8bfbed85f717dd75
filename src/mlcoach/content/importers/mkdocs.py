"""mkdocs-material question pages.

    ### What is dropout? - Google, Amazon Interview Question
    **Difficulty:** 🟡 Medium | **Tags:** `Regularization` | **Asked by:** Google, Meta
    ??? success "View Answer"
        (the answer, indented four spaces, with code blocks and tables)
        !!! tip "Interviewer's Insight"
            **Strong answer signals:**
            - ...

The question is the heading without its "- Company Interview Question" suffix; the answer is
the collapsible's body, dedented, with nested admonitions turned into bold-titled sections.
"""

from __future__ import annotations

import re

from mlcoach.content.importers.assemble import Found, assemble
from mlcoach.content.importers.lines import Document, Heading
from mlcoach.content.importers.metadata import (
    company_slugs,
    difficulty_from,
    kind_of,
    split_names,
    tag_slugs,
)
from mlcoach.content.importers.model import Collected, Skipped
from mlcoach.content.importers.rubric import insight_bullets, strong_signals
from mlcoach.content.importers.text import dedent, plain

SHAPE = "mkdocs"
EMPTY_ANSWER = "the collapsible answer block is empty"
COLLAPSIBLE = re.compile(r"^(\?\?\?\+?)\s+[\w-]+(?:\s+\"[^\"]*\")?\s*$")
_ADMONITION = re.compile(r"^(\s*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+\"([^\"]*)\")?\s*$")
_SUFFIX = re.compile(r"\s+[-–—]\s+([^-–—]+?)\s+Interview Questions?\s*$", re.I)
_META = re.compile(r"\*\*\s*(Difficulty|Tags|Asked by|Companies)\s*:?\s*\*\*\s*:?\s*([^|]*)", re.I)
_QUESTION_LINE = re.compile(r"^\s*\*\*Question:?\*\*\s*:?\s*(.+)$", re.I)
_LOOKAHEAD = 8


def signals(doc: Document) -> int:
    """Collapsible answer blocks: the evidence of a mkdocs page."""
    return sum(1 for line in doc.lines if not line.in_code and COLLAPSIBLE.match(line.text))


def parse(doc: Document, source: str) -> Collected:
    """Each heading followed by a collapsible answer."""
    out = Collected()
    for heading in doc.headings:
        opener = _collapsible_after(doc, heading)
        if opener is None:
            continue
        end = _body_end(doc, opener + 1)
        body = dedent(doc.texts(opener + 1, end), 4)
        line = doc.lines[heading.index].number
        out.covered.append((heading.index, end))
        if not "\n".join(body).strip():
            out.skipped.append(Skipped(line, heading.title, EMPTY_ANSWER))
            continue
        out.items.append(assemble(_found(doc, heading, opener, body, line), source))
    return out


def _collapsible_after(doc: Document, heading: Heading) -> int | None:
    stop = min(doc.next_heading(heading.index), heading.index + _LOOKAHEAD, len(doc.lines))
    for index in range(heading.index + 1, stop):
        if COLLAPSIBLE.match(doc.lines[index].text):
            return index
    return None


def _body_end(doc: Document, start: int) -> int:
    for index in range(start, len(doc.lines)):
        text = doc.lines[index].text.expandtabs(4)
        if text.strip() and not text.startswith("    "):
            return index
    return len(doc.lines)


def _found(doc: Document, heading: Heading, opener: int, body: list[str], line: int) -> Found:
    suffix = _SUFFIX.search(heading.title)
    title = _SUFFIX.sub("", heading.title).strip()
    between = doc.texts(heading.index + 1, opener)
    meta = _metadata(" | ".join(between))
    asked = next((m.group(1) for m in map(_QUESTION_LINE.match, between) if m), "")
    answer, insight = _flatten(body)
    companies = [*split_names(meta.get("asked by", meta.get("companies", "")))]
    if suffix:
        companies = split_names(suffix.group(1)) + companies
    return Found(
        title=title,
        question=plain(asked),
        answer=answer,
        kind=kind_of(title),
        line=line,
        shape=SHAPE,
        difficulty=difficulty_from(meta.get("difficulty", "")),
        tags=tag_slugs(split_names(meta.get("tags", ""))),
        companies=company_slugs(companies),
        signals=strong_signals(insight) or insight_bullets(insight),
    )


def _metadata(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2).strip() for m in _META.finditer(text)}


def _flatten(body: list[str]) -> tuple[str, str]:
    """Nested admonitions become "**Title**" sections; returns (answer, insight text)."""
    out: list[str] = []
    insight: list[str] = []
    index = 0
    while index < len(body):
        match = _ADMONITION.match(body[index])
        if not match:
            out.append(body[index])
            index += 1
            continue
        indent = len(match.group(1))
        inner, index = _indented_block(body, index + 1, indent)
        title = match.group(2) or "Note"
        out.extend([f"{' ' * indent}**{title}**", "", *inner])
        if "insight" in title.lower() or "interviewer" in title.lower():
            insight.extend(inner)
    return "\n".join(out), "\n".join(insight)


def _indented_block(lines: list[str], start: int, indent: int) -> tuple[list[str], int]:
    end = start
    while end < len(lines):
        text = lines[end]
        if text.strip() and len(text) - len(text.lstrip(" ")) <= indent:
            break
        end += 1
    keep = " " * indent
    return [
        keep + line if line.strip() else "" for line in dedent(lines[start:end], indent + 4)
    ], end
