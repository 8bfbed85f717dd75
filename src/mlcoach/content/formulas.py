"""Where the `$...$` and `$$...$$` formulas are in bank text, by the rules the web app renders
with; shared by search snippets, the terminal renderer and the Markdown interview report."""

from __future__ import annotations

import re

Span = tuple[int, int]  # [start, end) character offsets
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def math_spans(text: str) -> tuple[Span, ...]:
    """Where the `$...$` and `$$...$$` formulas are, by the rules `web/render.py` renders with:
    no formula across a blank line, none with a digit just outside a dollar ("$5 or $10" is
    text), an escaped `\\$` is a dollar sign."""
    spans: list[Span] = []
    start = 0
    for gap in [*_BLANK_LINE.finditer(text), None]:
        end = gap.start() if gap else len(text)
        spans += _paragraph_formulas(text, start, end)
        start = gap.end() if gap else end
    return tuple(spans)


def _paragraph_formulas(text: str, start: int, end: int) -> list[Span]:
    spans = []
    pos = text.find("$", start, end)
    while pos >= 0:
        close = _formula_end(text[:end], pos)
        if close is None:
            pos = text.find("$", pos + 1, end)
        else:
            spans.append((pos, close))
            pos = text.find("$", close, end)
    return spans


def _formula_end(text: str, pos: int) -> int | None:
    """The end of the formula that opens at `text[pos]`, or None when that dollar is text."""
    if _escaped(text, pos) or text[pos - 1 : pos].isdigit():
        return None
    delimiter = "$$" if text.startswith("$$", pos) else "$"
    close = text.find(delimiter, pos + len(delimiter))
    while close >= 0 and _escaped(text, close):
        close = text.find(delimiter, close + 1)
    if close < 0 or close == pos + len(delimiter):  # no closing dollar, or nothing inside
        return None
    end = close + len(delimiter)
    return None if text[end : end + 1].isdigit() else end


def _escaped(text: str, pos: int) -> bool:
    backslashes = len(text[:pos]) - len(text[:pos].rstrip("\\"))
    return backslashes % 2 == 1
