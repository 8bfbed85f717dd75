"""A Markdown file as numbered lines that know whether they sit inside a code fence.

Every recogniser needs the same two facts about a line: its number in the source (items keep
it) and whether it is code (a `# comment` in a Python block is not a heading).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str
    in_code: bool  # a fence line or a line inside a fenced block

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Heading:
    index: int  # position in Document.lines
    level: int
    title: str


class Document:
    """The lines of one file, its headings, and an unclosed fence if it has one."""

    def __init__(self, text: str) -> None:
        self.lines, self.unclosed_fence = _scan(text.splitlines())

    @cached_property
    def headings(self) -> list[Heading]:
        """ATX headings outside code blocks, in order."""
        found = []
        for index, line in enumerate(self.lines):
            match = None if line.in_code else _HEADING.match(line.text)
            if match:
                found.append(Heading(index, len(match.group(1)), match.group(2).strip()))
        return found

    @cached_property
    def _heading_at(self) -> dict[int, Heading]:
        return {h.index: h for h in self.headings}

    @cached_property
    def _heading_indexes(self) -> list[int]:
        return [h.index for h in self.headings]

    @cached_property
    def _chains(self) -> list[tuple[Heading, ...]]:
        """For each heading, the headings enclosing it, outermost first (one pass, so a
        recogniser asking for every line's section stays linear in the file's size)."""
        chains: list[tuple[Heading, ...]] = []
        stack: list[Heading] = []
        for heading in self.headings:
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            chains.append(tuple(stack))
            stack.append(heading)
        return chains

    def heading_at(self, index: int) -> Heading | None:
        return self._heading_at.get(index)

    def section_end(self, heading: Heading) -> int:
        """Index just past the section: the next heading of the same or a higher level."""
        after = bisect_right(self._heading_indexes, heading.index)
        for other in self.headings[after:]:
            if other.level <= heading.level:
                return other.index
        return len(self.lines)

    def next_heading(self, index: int) -> int:
        """Index of the first heading after `index` (any level), or the end."""
        after = bisect_right(self._heading_indexes, index)
        return self.headings[after].index if after < len(self.headings) else len(self.lines)

    def ancestors(self, index: int) -> list[Heading]:
        """The headings enclosing line `index`, outermost first (for a heading, its parents)."""
        before = bisect_left(self._heading_indexes, index)  # headings above the line
        if self.heading_at(index) is not None:
            return list(self._chains[before])
        if before == 0:
            return []
        return [*self._chains[before - 1], self.headings[before - 1]]

    def texts(self, start: int, end: int) -> list[str]:
        return [line.text for line in self.lines[start:end]]

    @cached_property
    def fences(self) -> list[Fence]:
        """The fenced code blocks, in order (the last may run to the end of a truncated file)."""
        found: list[Fence] = []
        start: int | None = None
        for index, line in enumerate(self.lines):
            if line.in_code and start is None:
                start = index
            elif start is not None and (not line.in_code or _closes(self.lines, start, index)):
                end = index + 1 if line.in_code else index
                found.append(Fence(start, end, _info(self.lines[start].text)))
                start = None
        if start is not None:
            found.append(Fence(start, len(self.lines), _info(self.lines[start].text)))
        return found

    @cached_property
    def _fence_starts(self) -> list[int]:
        return [fence.start for fence in self.fences]

    def fence_around(self, index: int) -> Fence | None:
        """The fenced block holding line `index`, if any."""
        position = bisect_right(self._fence_starts, index) - 1  # the last fence opened above
        if position >= 0 and index < self.fences[position].end:
            return self.fences[position]
        return None


def covered_lines(spans: Iterable[tuple[int, int]], size: int) -> list[bool]:
    """Per line index, whether a recogniser already used it: one lookup per line instead of a
    scan of every span (a 5 MB file has thousands of spans and a hundred thousand lines)."""
    covered = [False] * size
    for start, end in spans:
        for index in range(max(start, 0), min(end, size)):
            covered[index] = True
    return covered


@dataclass(frozen=True)
class Fence:
    start: int  # index of the opening fence line
    end: int  # index just past the closing fence line
    info: str  # the language, "" when none

    @property
    def body(self) -> range:
        return range(self.start + 1, self.end - 1)


def _info(text: str) -> str:
    match = _FENCE.match(text)
    return match.group(2).strip().split(" ")[0] if match else ""


def _closes(lines: list[Line], start: int, index: int) -> bool:
    opening = _FENCE.match(lines[start].text)
    match = _FENCE.match(lines[index].text)
    return bool(
        opening
        and match
        and match.group(1).startswith(opening.group(1))
        and not match.group(2).strip()
    )


def _scan(raw: list[str]) -> tuple[list[Line], int | None]:
    lines: list[Line] = []
    fence: str | None = None
    opened_at: int | None = None
    for number, text in enumerate(raw, start=1):
        match = _FENCE.match(text)
        if fence is None and match:
            fence, opened_at = match.group(1), number
            lines.append(Line(number, text, True))
        elif fence is not None:
            closes = bool(match and match.group(1).startswith(fence) and not match.group(2).strip())
            lines.append(Line(number, text, True))
            if closes:
                fence, opened_at = None, None
        else:
            lines.append(Line(number, text, False))
    return lines, opened_at
