"""The scorecard as a Markdown report, and as a small self-contained HTML page."""

from __future__ import annotations

import html
import re
from datetime import datetime

from markdown_it import MarkdownIt

from mlcoach.content.formulas import math_spans
from mlcoach.interview.scorecard import HOW_COMPUTED, Scorecard, SectionDetail

CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 56rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #ddd; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f5f5f7; } code { background: #f5f5f7; padding: 0 .2rem; }
"""


def to_markdown(card: Scorecard, session_id: str, finished_at: datetime | None = None) -> str:
    """The whole report: overall, dimensions, sections, strengths, gaps, what to practise
    and the closing note on how each number is computed."""
    when = f", finished {finished_at:%Y-%m-%d %H:%M} UTC" if finished_at else ""
    total = "not scored (nothing was answered)" if card.total is None else f"{card.total:.0f}/100"
    lines = [
        f"# Mock interview scorecard: {_md(card.blueprint_title)}",
        "",
        f"Session `{session_id}` (blueprint `{card.blueprint_id}`){when}.",
        "",
        f"**Overall: {total}**, the weighted mean of the dimensions below.",
        "",
        "## Dimensions",
        "",
        "| Dimension | Weight | Score | Answers | Signals |",
        "| --- | --- | --- | --- | --- |",
    ]
    for d in card.dimensions:
        shown = " · ".join(f"{k} {v:.0f}" for k, v in d.signals.items()) or "-"
        score = "not assessed" if d.score is None else f"{d.score:.0f}"
        lines.append(f"| {d.title} | {d.weight:.0%} | {score} | {d.answers} | {shown} |")
    lines += ["", "## Sections", ""]
    for section in card.sections:
        lines += _section(section)
    lines += ["## Strengths", ""]
    lines += [f"- {_md(s)}" for s in card.strengths] or ["- No answer scored 80 or more yet."]
    lines += ["", "## The three biggest gaps", ""]
    lines += [
        # the title ends a sentence ("…using matrix calculus."): the section goes in brackets
        f"{n}. **{_md(g.text)}**: {_md(short(g.title))} (section `{g.section_id}`, "
        f"about {g.minutes_lost:.1f} min of interview time)"
        for n, g in enumerate(card.gaps, start=1)
    ] or ["No gaps: every graded point was covered."]
    lines += ["", "## What to practise next", "", *_practice(card)]
    lines += ["", "## How this scorecard is computed", "", *_how(card)]
    return "\n".join(lines) + "\n"


def _section(section: SectionDetail) -> list[str]:
    score = "-" if section.score is None else f"{section.score:.0f}"
    lines = [
        f"### {_md(section.title)}",
        "",
        f"{section.minutes_used:.1f} of {section.minutes_planned:.0f} minutes used; "
        f"section score {score}.",
        "",
    ]
    if not section.questions:
        return [*lines, "No question was asked in this section.", ""]
    lines += ["| Question | Kind | Score | Notes |", "| --- | --- | --- | --- |"]
    for q in section.questions:
        notes = [
            n for n, on in (("follow-up asked", q.follow_up), ("timed out", q.timed_out)) if on
        ]
        score = "-" if q.score is None else f"{q.score:.0f}"
        lines.append(
            f"| {_cell(q.title)} (`{q.item_id}`) | {q.kind} | {score} | {', '.join(notes)} |"
        )
    return [*lines, ""]


def _practice(card: Scorecard) -> list[str]:
    lines = []
    if card.practice.topics:
        lines.append("- Topics: " + ", ".join(f"`{t}`" for t in card.practice.topics))
    for item_id in card.practice.items:
        lines.append(f"- Rework `{item_id}`: `{rework_command(item_id, card)}`")
    return lines or ["- Nothing below 60: try a harder blueprint next."]


def rework_command(item_id: str, card: Scorecard) -> str:
    """How to practise one weak item again: code in the workspace, text through the grader."""
    if card.practice.kinds.get(item_id) == "challenge":
        return f"mlcoach challenge start {item_id}"
    return f"mlcoach grade {item_id} --answer-file answer.md"


def _how(card: Scorecard) -> list[str]:
    lines = [
        f"- **{d.title} ({d.weight:.0%})**: {HOW_COMPUTED.get(d.id, d.how)}"
        for d in card.dimensions
    ]
    lines.append(
        "- **Overall**: the weighted mean of the dimensions that were assessed; the weights of "
        "the others are shared out in proportion. Question and section scores are 0-100."
    )
    return lines


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&])")


def _md(value: str, *, in_table: bool = False) -> str:
    """Text from a blueprint or a bank item, shown as written: one line, with the characters
    Markdown would read as emphasis, code, links, HTML or table separators escaped, and each
    formula as inline code (escaping `\\leftarrow` or `Q^*` would print the backslashes in
    the Markdown file, and a Markdown reader without math would eat the stars)."""
    text = _text(value)
    pieces, pos = [], 0
    for start, end in math_spans(text):  # the web's rules: "$5 or $10" is text
        pieces += [_escaped(text[pos:start]), _formula(text[start:end], in_table)]
        pos = end
    return "".join([*pieces, _escaped(text[pos:])])


def _escaped(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _formula(source: str, in_table: bool) -> str:
    """A formula as a code span; in a table its `|` is escaped, or it would split the cell."""
    if in_table:
        source = source.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", source)), default=0) + 1)
    pad = " " if source.startswith("`") or source.endswith("`") else ""
    return f"{fence}{pad}{source}{pad}{fence}"


def _text(value: str) -> str:
    return " ".join(value.split())


def _cell(value: str) -> str:
    return _md(short(value), in_table=True)


def short(value: str, limit: int = 80) -> str:
    """A title on one line, cut at a word boundary: concept titles are whole questions."""
    text = _text(value)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def to_html(markdown: str, title: str) -> str:
    """A complete page: no scripts, no external assets; raw HTML in the Markdown is escaped."""
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )
