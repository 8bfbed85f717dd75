"""FAQ-style lists: a bold question line, then a bold "A:" answer, items split by rules.

**Q1: What's the difference between supervised and unsupervised learning?**

**A:** Supervised learning uses labelled data...

---
"""

from __future__ import annotations

import re

from mlcoach.content.importers.assemble import Found, assemble
from mlcoach.content.importers.lines import RULE, Document
from mlcoach.content.importers.metadata import kind_of, section_tag
from mlcoach.content.importers.model import Collected, Skipped

SHAPE = "faq"
EMPTY_ANSWER = "the question has no answer after it"
QUESTION = re.compile(r"^\*\*Q(?:uestion)?\s*(\d+)\s*[:.)]\s*(.+?)\*\*\s*$", re.I)
_ANSWER_LABEL = re.compile(r"^\s*\*\*A(?:nswer)?\s*[:.]?\*\*\s*:?\s*", re.I)


def signals(doc: Document) -> int:
    return sum(1 for line in doc.lines if not line.in_code and QUESTION.match(line.text))


def parse(doc: Document, source: str) -> Collected:
    out = Collected()
    starts = [
        i for i, line in enumerate(doc.lines) if not line.in_code and QUESTION.match(line.text)
    ]
    for position, start in enumerate(starts):
        limit = starts[position + 1] if position + 1 < len(starts) else len(doc.lines)
        end = _end(doc, start, limit)
        match = QUESTION.match(doc.lines[start].text)
        assert match is not None
        line = doc.lines[start].number
        out.covered.append((start, end))
        answer = _answer(doc.texts(start + 1, end))
        if not answer.strip():
            out.skipped.append(Skipped(line, match.group(2), EMPTY_ANSWER))
            continue
        parents = doc.ancestors(start)
        found = Found(
            title=match.group(2).strip(),
            answer=answer,
            kind=kind_of(match.group(2)),
            line=line,
            shape=SHAPE,
            tags=tuple(t for t in (section_tag(parents[-1].title),) if t) if parents else (),
        )
        out.items.append(assemble(found, source))
    return out


def _end(doc: Document, start: int, limit: int) -> int:
    """The answer stops at a rule or a heading after it, or where the next question starts."""
    for index in range(start + 1, limit):
        line = doc.lines[index]
        if not line.in_code and (RULE.match(line.text) or doc.heading_at(index)):
            return index
    return limit


def _answer(lines: list[str]) -> str:
    if lines and any(_ANSWER_LABEL.match(line) for line in lines):
        first = next(i for i, line in enumerate(lines) if _ANSWER_LABEL.match(line))
        lines = [_ANSWER_LABEL.sub("", lines[first]), *lines[first + 1 :]]
    return "\n".join(lines).strip("\n")
