"""A draft rubric from an answer's structure, and the follow-up questions a source lists.

No author wrote these key points, so each is a DraftPoint marked derived. The order of
preference follows how much a source tells us about what matters: an explicit list of "strong
answer signals" first, then the answer's bullets and bold-term definitions, then its leading
sentences, then comments in a code answer; the question itself only when nothing else exists.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mlcoach.content.importers.model import DraftPoint, PointSource
from mlcoach.content.importers.text import plain

MAX_POINTS = 8
MAX_POINT_CHARS = 220
_MIN_WORDS = 3
_FOLLOW_UP_LABEL = re.compile(r"^\s*\*\*[^*\n]*follow[- ]?ups?\b[^*\n]*\*\*\s*:?\s*$", re.I)
_INLINE_FOLLOW_UP = re.compile(r"^\s*\*\*[^*\n]*follow[- ]?up[^*:\n]*:\s*(.+?)\*\*\s*$", re.I)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_BOLD_LEAD = re.compile(r"^\*\*([^*]+?)\*\*\s*:?\s*(.*)$", re.S)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
_CODE_COMMENT = re.compile(r"^\s*#\s+(.+)$")
_TEXT_BULLET = re.compile(r"^[│┃║\s]*(?:[-•*]|\d+[.)])\s+(.+?)[│┃║\s]*$")
_STRONG_SIGNALS = re.compile(r"strong answer signals|what a strong answer", re.I)


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def draft_points(
    answer: str, question: str, signals: tuple[str, ...] = ()
) -> tuple[DraftPoint, ...]:
    """Up to MAX_POINTS derived key points; never empty (the question is the last resort)."""
    if len(signals) >= 2:
        return _points(signals, "signals")
    tokens = _parser().parse(answer)
    structured = _structured(tokens)
    if len(structured) >= 2:
        return tuple(structured[:MAX_POINTS])
    prose = _points(_sentences(tokens), "sentences")
    code = _points(_comments(tokens), "code")
    found = (*structured, *prose, *code)
    if found:
        return tuple(_unique(found)[:MAX_POINTS])
    return _points((plain(question),), "question")


def _points(texts: tuple[str, ...] | list[str], source: PointSource) -> tuple[DraftPoint, ...]:
    points = [DraftPoint(_clip(t), source) for t in texts if len(t.split()) >= _MIN_WORDS]
    if not points and source in ("signals", "question"):
        points = [DraftPoint(_clip(t), source) for t in texts if t.strip()]
    return tuple(_unique(points)[:MAX_POINTS])


def _unique(points: list[DraftPoint] | tuple[DraftPoint, ...]) -> list[DraftPoint]:
    seen: set[str] = set()
    out = []
    for point in points:
        key = point.text.lower()
        if key not in seen:
            seen.add(key)
            out.append(point)
    return out


def _clip(text: str) -> str:
    text = plain(text)
    if len(text) > 1 and text[0] in '"“' and text[-1] in '"”':
        text = text[1:-1]
    if len(text) <= MAX_POINT_CHARS:
        return text
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= MAX_POINT_CHARS:
        return first
    return text[: MAX_POINT_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _structured(tokens: list[Token]) -> list[DraftPoint]:
    """List items (their first paragraph), paragraphs opening with a bold term + text, and
    bullets drawn inside plain-text blocks (framework boxes keep their lists there).

    When there are more than MAX_POINTS, "term: explanation" points and top-level bullets are
    preferred over nested details; the chosen ones keep the answer's order.
    """
    found: list[tuple[str, int]] = []  # (text, priority)
    label = ""  # a bullet such as "**Bias:**" that only introduces the bullets under it
    depth = 0
    for index, token in enumerate(tokens):
        if token.type in ("fence", "code_block") and token.info.strip() in ("", "text"):
            found.extend((b, 1) for b in _text_bullets(token.content))
        elif token.type == "list_item_open":
            depth += 1
            inline = plain(_next_inline(tokens, index) or "")
            if inline.endswith(":") and len(inline.split()) <= 6:
                label = inline
            elif inline:
                found.append(
                    (f"{label} {inline}" if label else inline, _priority(inline, depth, label))
                )
                label = ""
        elif token.type == "list_item_close":
            depth -= 1
        elif token.type == "inline" and not depth and _is_paragraph(tokens, index):
            lead = _BOLD_LEAD.match(token.content)
            if lead and len(lead.group(2).split()) >= _MIN_WORDS:
                found.append((f"{lead.group(1).strip().rstrip(':')}: {lead.group(2)}", 2))
    return _best([(t, p) for t, p in found if _long_enough(t)], MAX_POINTS)


def _priority(text: str, depth: int, label: str) -> int:
    if label or re.match(r"^[^:]{2,40}:\s+\S", text):
        return 2  # a term with its explanation
    return 1 if depth == 1 else 0


def _long_enough(text: str) -> bool:
    return len(text.split()) >= _MIN_WORDS and not text.rstrip().endswith(":")


def _best(found: list[tuple[str, int]], limit: int) -> list[DraftPoint]:
    seen: set[str] = set()
    unique = []
    for position, (text, priority) in enumerate(found):
        clipped = _clip(text)
        if clipped.lower() not in seen:
            seen.add(clipped.lower())
            unique.append((position, clipped, priority))
    chosen = sorted(unique, key=lambda entry: (-entry[2], entry[0]))[:limit]
    return [DraftPoint(text, "bullets") for _, text, _ in sorted(chosen)]


def _text_bullets(content: str) -> list[str]:
    found = []
    for line in content.splitlines():
        match = _TEXT_BULLET.match(line)
        if match and len(match.group(1).split()) >= _MIN_WORDS:
            found.append(match.group(1))
    return found


def _next_inline(tokens: list[Token], index: int) -> str | None:
    for token in tokens[index + 1 : index + 4]:
        if token.type == "inline":
            return token.content.split("\n", 1)[0] if "\n" in token.content else token.content
        if token.type in ("list_item_close", "fence", "code_block"):
            return None
    return None


def _is_paragraph(tokens: list[Token], index: int) -> bool:
    return index > 0 and tokens[index - 1].type == "paragraph_open"


def _sentences(tokens: list[Token]) -> list[str]:
    sentences: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "inline" and _is_paragraph(tokens, index):
            text = plain(token.content)
            if text.endswith(":"):
                continue  # a label introducing a list or a block
            sentences.extend(s for s in _SENTENCE_END.split(text) if not s.startswith("Like "))
    return sentences[:5]


def _comments(tokens: list[Token]) -> list[str]:
    """Explanatory comments in Python code answers: the reasoning a grader can look for."""
    comments: list[str] = []
    for token in tokens:
        if token.type in ("fence", "code_block") and token.info.strip() in ("", "python", "py"):
            for line in token.content.splitlines():
                match = _CODE_COMMENT.match(line)
                if match and not match.group(1).lower().startswith(("test", "example", "usage")):
                    comments.append(match.group(1))
    return comments


def strong_signals(markdown: str) -> tuple[str, ...]:
    """Bullets under a "Strong answer signals" label, else an insight block's bullets."""
    lines = markdown.splitlines()
    for start, line in enumerate(lines):
        if _STRONG_SIGNALS.search(line):
            return _bullets_after(lines, start + 1)
    return ()


def insight_bullets(markdown: str) -> tuple[str, ...]:
    return _bullets_after(markdown.splitlines(), 0)


def _bullets_after(lines: list[str], start: int) -> tuple[str, ...]:
    found: list[str] = []
    for line in lines[start:]:
        match = _BULLET.match(line)
        if match:
            found.append(plain(match.group(1)))
        elif line.strip() and found:
            break
    return tuple(found)


def split_follow_ups(markdown: str) -> tuple[str, tuple[str, ...]]:
    """The answer without its follow-up sections, and the follow-up questions themselves."""
    kept: list[str] = []
    follow_ups: list[str] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        inline = _INLINE_FOLLOW_UP.match(line)
        if inline:
            follow_ups.append(_question_part(inline.group(1)))
            index += 1
            while index < len(lines) and not lines[index].strip():
                index += 1
            while index < len(lines) and lines[index].strip() and not lines[index].startswith("**"):
                index += 1  # the source's own answer to it follows
            continue
        if _FOLLOW_UP_LABEL.match(line):
            index += 1
            while index < len(lines) and (not lines[index].strip() or _BULLET.match(lines[index])):
                bullet = _BULLET.match(lines[index])
                if bullet:
                    follow_ups.append(_question_part(bullet.group(1)))
                index += 1
            continue
        kept.append(line)
        index += 1
    return "\n".join(kept).strip("\n"), tuple(f for f in follow_ups if f)


def _question_part(text: str) -> str:
    """'"Can you reduce both?" → No! ...' -> 'Can you reduce both?'"""
    text = plain(text)
    quoted = re.match(r'^["“](.+?)["”]', text)
    if quoted:
        return quoted.group(1).strip()
    return re.split(r"\s+(?:→|->|—)\s+", text, maxsplit=1)[0].strip()
