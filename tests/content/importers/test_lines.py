"""The Document's section queries, checked against a plain reading of the headings."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mlcoach.content.importers.lines import Document, Heading, covered_lines

# A file as a list of lines: headings of levels 1-4, prose, and fenced code holding a "# comment".
LINE = st.sampled_from(["# A", "## B", "### C", "#### D", "text", "```", "# in code?", ""])


def naive_ancestors(doc: Document, index: int) -> list[Heading]:
    stack: list[Heading] = []
    for heading in doc.headings:
        if heading.index >= index:
            break
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
    own = doc.heading_at(index)
    return [h for h in stack if h.level < own.level] if own else stack


def naive_section_end(doc: Document, heading: Heading) -> int:
    later = [h.index for h in doc.headings if h.index > heading.index and h.level <= heading.level]
    return min(later, default=len(doc.lines))


@given(st.lists(LINE, max_size=40))
def test_section_queries_match_a_plain_reading(lines: list[str]) -> None:
    doc = Document("\n".join(lines))
    for index in range(len(doc.lines) + 1):
        assert doc.ancestors(index) == naive_ancestors(doc, index)
        following = [h.index for h in doc.headings if h.index > index]
        assert doc.next_heading(index) == min(following, default=len(doc.lines))
        fence = doc.fence_around(index)
        inside = [f for f in doc.fences if f.start <= index < f.end]
        assert fence == (inside[0] if inside else None)
    for heading in doc.headings:
        assert doc.section_end(heading) == naive_section_end(doc, heading)


def test_covered_lines_clips_spans_to_the_file() -> None:
    assert covered_lines([(1, 3), (5, 99)], 6) == [False, True, True, False, False, True]
