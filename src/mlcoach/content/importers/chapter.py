"""Book chapters and study guides: questions sit in headed sections, often inside code blocks.

Four forms are recognised:
- a line "QUESTION 3: Implement batch normalization" or "Q2: Tell me about a failure", in a
  code block or in prose; the answer runs to the next such line or the end of the block;
- a framework box whose title line reads "DESIGN: Fraud detection system";
- a heading "84.3 Design Question: Ad click prediction", answered by its section;
- a numbered heading "#### 2. Build a fraud detection system" inside a section about questions,
  challenges or case studies, with an optional "**Question**:" / "**Problem**:" /
  "**Scenario**:" line; a coding entry that only gives starter code has no answer.
The section headings above a question decide its kind (coding, system design, behavioral).
"""

from __future__ import annotations

import re

from mlcoach.content.importers.assemble import Found, assemble
from mlcoach.content.importers.lines import RULE, Document, Heading, covered_lines
from mlcoach.content.importers.metadata import kind_of, parent_tags
from mlcoach.content.importers.model import Collected, ImportKind
from mlcoach.content.importers.text import block, plain

SHAPE = "chapter"
_BOX_CHARS = "│┃║┌┐└┘├┤┬┴┼─━═╔╗╚╝╠╣ \t"
INLINE_QUESTION = re.compile(r"^(?:QUESTION|Question|Q)\s*(\d+)\s*:\s*(\S.+)$")
_DESIGN_TITLE = re.compile(r"^DESIGN\s*:\s*(\S.+)$")
_DESIGN_HEADING = re.compile(
    r"^(?:[\d.]+\s+)?design (?:question|problem|interview)\s*:\s*(.+)$", re.I
)
_NUMBERED = re.compile(r"^(\d+)\.\s+(\S.+)$")
_COLLECTION = re.compile(r"question|challenge|case stud|scenario|exercise|problems", re.I)
_LABEL = re.compile(r"^\*\*(Question|Problem|Scenario|Task|Prompt)\*\*\s*:?\s*(.+)$", re.I)
_STUB = re.compile(r"^\s*(pass|\.\.\.)\s*$|your (implementation|code) here|\bTODO\b", re.M | re.I)


def signals(doc: Document) -> int:
    """Inline questions, design boxes and question headings."""
    inline = sum(1 for i in range(len(doc.lines)) if _inline_question(doc, i))
    boxes = sum(1 for line in doc.lines if line.in_code and _design_title(line.text))
    headed = sum(1 for h in doc.headings if _heading_kind(doc, h))
    return inline + boxes + headed


def parse(doc: Document, source: str) -> Collected:
    """Questions from headings first, then from lines outside their sections."""
    out = Collected()
    for heading in doc.headings:
        form = _heading_kind(doc, heading)
        if form:
            end = doc.section_end(heading)
            out.covered.append((heading.index, end))
            out.items.append(assemble(_from_heading(doc, heading, form, end), source))
    used = covered_lines(out.covered, len(doc.lines))
    for index in range(len(doc.lines)):
        if used[index]:
            continue
        found = _from_line(doc, index)
        if found is not None:
            out.items.append(assemble(found, source))
    out.items.sort(key=lambda item: item.line)
    return out


def _heading_kind(doc: Document, heading: Heading) -> str | None:
    title = plain(heading.title)
    if _DESIGN_HEADING.match(title):
        return "design"
    if not _NUMBERED.match(title) or _COLLECTION.search(title):
        return None
    parents = doc.ancestors(heading.index)
    if any(_COLLECTION.search(plain(p.title)) for p in parents):
        return "numbered"
    return None


def _context(doc: Document, index: int) -> list[str]:
    return [plain(h.title) for h in doc.ancestors(index)]


def _tags(doc: Document, index: int) -> tuple[str, ...]:
    return parent_tags(h.title for h in doc.ancestors(index))


def _from_heading(doc: Document, heading: Heading, form: str, end: int) -> Found:
    title = plain(heading.title)
    body = doc.texts(heading.index + 1, end)
    line = doc.lines[heading.index].number
    tags = _tags(doc, heading.index)
    design = _DESIGN_HEADING.match(title)
    if form == "design" and design:
        name = _design_name(design.group(1))
        return Found(name, block(body), "design", line, SHAPE, tags=tags)
    numbered = _NUMBERED.match(title)
    name = numbered.group(2) if numbered else title
    question, answer = _labelled(body)
    kind = kind_of(question or name, _context(doc, heading.index))
    if kind == "coding":
        question, answer = _starter_as_question(question or name, answer)
    return Found(name, answer, kind, line, SHAPE, question=question, tags=tags)


def _labelled(body: list[str]) -> tuple[str, str]:
    """The "**Question**: ..." line's text (quotes removed) and the rest of the section."""
    for index, line in enumerate(body):
        match = _LABEL.match(line.strip())
        if match:
            question = match.group(2).strip().strip('"“”')
            return question, block(body[:index] + body[index + 1 :])
    return "", block(body)


def _starter_as_question(question: str, answer: str) -> tuple[str, str]:
    """Starter code that only has stubs belongs to the question, not the answer."""
    match = re.match(r"^(```[^\n]*\n.*?\n```)\s*(.*)$", answer, re.S)
    if match and _STUB.search(match.group(1)):
        # What follows the starter is usually a follow-up list: assembling moves it to the
        # follow-ups, leaving no answer when the source gives none.
        return f"{question}\n\n{match.group(1)}", match.group(2).strip()
    return question, answer


def _from_line(doc: Document, index: int) -> Found | None:
    question = _inline_question(doc, index)
    if question is not None:
        kind = kind_of(question, _context(doc, index))
        return _inline_found(doc, index, question, kind)
    line = doc.lines[index]
    name = _design_title(line.text) if line.in_code else None
    if name is not None:
        return _inline_found(doc, index, _design_name(name), "design")
    return None


def _inline_question(doc: Document, index: int) -> str | None:
    line = doc.lines[index]
    if doc.heading_at(index) is not None:
        return None
    match = INLINE_QUESTION.match(line.text.strip(_BOX_CHARS) if line.in_code else line.text)
    return match.group(2).strip() if match else None


def _design_title(text: str) -> str | None:
    match = _DESIGN_TITLE.match(text.strip(_BOX_CHARS))
    return match.group(1).strip() if match else None


def _inline_found(doc: Document, index: int, question: str, kind: ImportKind) -> Found:
    fence = doc.fence_around(index)
    if fence is not None:
        stop = _next_question(doc, index + 1, fence.end - 1)
        body = _trim_borders(doc.texts(index + 1, stop))
        answer = f"```{fence.info or 'text'}\n{block(body)}\n```" if body else ""
    else:
        stop = _prose_end(doc, index + 1)
        answer = block(doc.texts(index + 1, stop))
    line = doc.lines[index].number
    return Found(question, answer, kind, line, SHAPE, tags=_tags(doc, index))


def _next_question(doc: Document, start: int, limit: int) -> int:
    for index in range(start, limit):
        text = doc.lines[index].text
        if _inline_question(doc, index) is not None or _design_title(text) is not None:
            return index
    return limit


def _prose_end(doc: Document, start: int) -> int:
    for index in range(start, len(doc.lines)):
        line = doc.lines[index]
        if doc.heading_at(index) or (not line.in_code and RULE.match(line.text)):
            return index
        if _inline_question(doc, index) is not None:
            return index
    return len(doc.lines)


def _trim_borders(lines: list[str]) -> list[str]:
    """Drop box borders and blank lines around a boxed answer; keep the ones inside it."""
    is_edge = [not line.strip(_BOX_CHARS) for line in lines]
    start, end = 0, len(lines)
    while start < end and is_edge[start]:
        start += 1
    while end > start and is_edge[end - 1]:
        end -= 1
    return lines[start:end]


def _design_name(raw: str) -> str:
    """ "FRAUD DETECTION SYSTEM" -> "Design a fraud detection system"."""
    words = [w.lower() if w.isupper() and len(w) > 1 else w for w in raw.split()]
    phrase = " ".join(words).strip(" .:")
    main, paren, rest = phrase.partition("(")
    main = main.strip()
    if not re.search(r"\b(system|pipeline|platform|service)\b", main, re.I):
        main += " system"
    article = "an" if main[:1].lower() in "aeiou" else "a"
    return f"Design {article} {main}" + (f" ({rest}" if paren else "")
