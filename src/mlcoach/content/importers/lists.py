"""Questions listed without answers: they become answerless cards or labels on other items.

Three forms:
- "## Questions asked in Google interview" followed by bullets: each bullet names a question
  that Google asks; it becomes a company tag on the matching item, or an answerless card;
- bullets that reference a numbered question, "- Q22: XGBoost vs Random Forest" (a range such
  as "- Q10-20: More questions..." names no question and is skipped);
- table rows "| 13 | k-Nearest Neighbors | [link](...) | Google, Amazon | Easy | Tags |": a
  number, a title, and columns for companies, difficulty and tags.
"""

from __future__ import annotations

import re

from mlcoach.content.importers.lines import Document, Heading, covered_lines
from mlcoach.content.importers.metadata import (
    company_slugs,
    difficulty_from,
    kind_of,
    split_names,
    tag_slugs,
)
from mlcoach.content.importers.model import Collected, ImportedItem, ImportKind, Skipped
from mlcoach.content.importers.text import plain

SHAPE = "list"
COMPANY_LIST = re.compile(
    r"^questions (?:asked|seen) (?:in|at|by) (.+?)(?:'s)?(?: interviews?)?$", re.I
)
_BULLET = re.compile(r"^\s*[-*+]\s+(.+?)\s*$")
_REFERENCE = re.compile(r"^\s*[-*+]\s+\*{0,2}Q(\d+)\*{0,2}\s*[:.)]\s*\*{0,2}(.+?)\*{0,2}\s*$")
_RANGE = re.compile(r"^\s*[-*+]\s+\*{0,2}Q\d+\s*[-–]\s*Q?\d+\b.*$")
_ROW = re.compile(r"^\s*\|\s*(\d+)\s*\|(.+)\|\s*$")
_DIFFICULTY_CELL = re.compile(r"^(easy|medium|hard|beginner|intermediate|advanced)\b", re.I)


def signals(doc: Document) -> int:
    """Company lists, numbered question bullets and numbered table rows."""
    lists = sum(1 for h in doc.headings if COMPANY_LIST.match(plain(h.title)))
    references = sum(1 for line in doc.lines if not line.in_code and _REFERENCE.match(line.text))
    rows = sum(1 for i in range(len(doc.lines)) if _row(doc, i) is not None)
    return lists + references + rows


def parse(doc: Document, source: str, covered: list[tuple[int, int]]) -> Collected:
    """Answerless entries outside the spans other recognisers already used."""
    out = Collected()
    for heading in doc.headings:
        match = COMPANY_LIST.match(plain(heading.title))
        if match:
            _company_list(doc, heading, match.group(1), source, out)
    used = covered_lines([*covered, *out.covered], len(doc.lines))
    for index, line in enumerate(doc.lines):
        if line.in_code or used[index]:
            continue
        if _RANGE.match(line.text):
            out.skipped.append(
                Skipped(line.number, plain(line.text), "a range of questions, not one")
            )
            continue
        reference = _REFERENCE.match(line.text)
        if reference:
            sections = [plain(h.title) for h in doc.ancestors(index)]  # "### Coding Challenges"
            title = plain(reference.group(2))
            out.items.append(_card(title, source, line.number, kind=kind_of(title, sections)))
        row = _row(doc, index)
        if row is not None:
            out.items.append(_row_card(row, source, line.number))
    return out


def _company_list(
    doc: Document, heading: Heading, company: str, source: str, out: Collected
) -> None:
    companies = company_slugs([company])
    end = doc.next_heading(heading.index)
    for index in range(heading.index + 1, end):
        bullet = _BULLET.match(doc.lines[index].text)
        if bullet and not doc.lines[index].in_code:
            title = plain(bullet.group(1))
            out.items.append(_card(title, source, doc.lines[index].number, companies=companies))
    out.covered.append((heading.index, end))


def _card(
    title: str,
    source: str,
    line: int,
    *,
    kind: ImportKind | None = None,
    difficulty: int | None = None,
    companies: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
) -> ImportedItem:
    return ImportedItem(
        title=title,
        question=title,
        answer_markdown="",
        kind=kind or kind_of(title),
        source=source,
        line=line,
        shape=SHAPE,
        difficulty=difficulty,
        companies=companies,
        tags=tags,
    )


def _row(doc: Document, index: int) -> list[str] | None:
    """The cells of a numbered question row (one with a difficulty column), else None."""
    line = doc.lines[index]
    match = None if line.in_code else _ROW.match(line.text)
    if match is None:
        return None
    cells = [match.group(1), *(c.strip() for c in match.group(2).split("|"))]
    if len(cells) < 3 or not any(_DIFFICULTY_CELL.match(plain(c)) for c in cells[2:]):
        return None
    return cells


def _row_card(cells: list[str], source: str, line: int) -> ImportedItem:
    title = plain(cells[1])
    rest = [c for c in cells[2:] if "](" not in c]  # links to articles are not labels
    difficulty_at = next(i for i, c in enumerate(rest) if _DIFFICULTY_CELL.match(plain(c)))
    before, after = rest[:difficulty_at], rest[difficulty_at + 1 :]
    return _card(
        title,
        source,
        line,
        difficulty=difficulty_from(rest[difficulty_at]),
        companies=company_slugs(split_names(before[-1])) if before else (),
        tags=tag_slugs(split_names(after[0])) if after else (),
    )
