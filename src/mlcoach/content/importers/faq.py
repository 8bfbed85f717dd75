"""FAQ-style lists: a bold question line, then a bold "A:" answer, items split by rules.

**Q1: Why does a validation set need to stay untouched?**

**A:** Because every decision tuned on it leaks into the estimate...

---

The question may also be written `**Q1:** What is ...?` or without a number (`**Q:** ...`).
Lines between the question and the "A:" label (a snippet the question refers to) stay with
the question.
"""

from __future__ import annotations

import re

from mlcoach.content.importers.assemble import Found, assemble
from mlcoach.content.importers.lines import RULE, Document
from mlcoach.content.importers.metadata import kind_of, parent_tags
from mlcoach.content.importers.model import Collected, Skipped

SHAPE = "faq"
EMPTY_ANSWER = "the question has no answer after it"
QUESTION = re.compile(
    r"^\*\*Q(?:uestion)?\s*\d*\s*[:.)]\s*(?:\*\*\s*(?P<after>\S.*?)|(?P<inside>\S.*?)\*\*)\s*$",
    re.I,
)
_ANSWER_LABEL = re.compile(r"^\s*\*\*A(?:nswer)?\s*[:.]?\*\*\s*:?\s*", re.I)


def signals(doc: Document) -> int:
    """Bold question lines outside code."""
    return sum(1 for line in doc.lines if not line.in_code and QUESTION.match(line.text))


def parse(doc: Document, source: str) -> Collected:
    """Each bold question line with the answer up to a rule, a heading or the next question."""
    out = Collected()
    starts = [
        i for i, line in enumerate(doc.lines) if not line.in_code and QUESTION.match(line.text)
    ]
    for position, start in enumerate(starts):
        limit = starts[position + 1] if position + 1 < len(starts) else len(doc.lines)
        end = _end(doc, start, limit)
        title = question_of(doc.lines[start].text)
        line = doc.lines[start].number
        out.covered.append((start, end))
        preamble, answer = _answer(doc.texts(start + 1, end))
        if not answer.strip():
            out.skipped.append(Skipped(line, title, EMPTY_ANSWER))
            continue
        found = Found(
            title=title,
            question=f"{title}\n\n{preamble}" if preamble else "",
            answer=answer,
            kind=kind_of(title),
            line=line,
            shape=SHAPE,
            tags=parent_tags(h.title for h in doc.ancestors(start)),
        )
        out.items.append(assemble(found, source))
    return out


def question_of(text: str) -> str:
    """The question of a line QUESTION matches, wherever its bold markers close."""
    match = QUESTION.match(text)
    assert match is not None, text
    return (match.group("after") or match.group("inside")).strip()


def _end(doc: Document, start: int, limit: int) -> int:
    """The answer stops at a rule or a heading after it, or where the next question starts."""
    for index in range(start + 1, limit):
        line = doc.lines[index]
        if not line.in_code and (RULE.match(line.text) or doc.heading_at(index)):
            return index
    return limit


def _answer(lines: list[str]) -> tuple[str, str]:
    """(What precedes the "A:" label, the answer); without a label, all of it is the answer."""
    first = next((i for i, line in enumerate(lines) if _ANSWER_LABEL.match(line)), None)
    if first is None:
        return "", "\n".join(lines).strip("\n")
    answer = [_ANSWER_LABEL.sub("", lines[first]), *lines[first + 1 :]]
    return "\n".join(lines[:first]).strip("\n"), "\n".join(answer).strip("\n")
