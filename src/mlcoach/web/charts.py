"""Charts drawn on the server as SVG: no chart library, readable without JavaScript, with a
<title> and text labels so screen readers and both themes (colours are CSS variables) work.

An SVG scales as a whole, text included, so the chart is drawn narrow (each label on its own
line above its bar) and never drawn wider than it is: on a 390 px phone it shrinks by about a
tenth and its 13 px labels stay above 11 px."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH = 400  # user units; CSS caps the chart at this many pixels (no growing, so no huge text)
LABEL_LINE = 18  # the label and the percentage, on one line above the bar
BAR_HEIGHT = 12
GAP = 12
ROW = LABEL_LINE + BAR_HEIGHT + GAP
LABEL_CHARS = 44  # what fits beside the percentage at 13 px


def mastery_bars(rows: Sequence[tuple[str, float, str]], title: str) -> Markup:
    """Horizontal bars, one per (label, value 0..1, detail) row, with the percentage written."""
    height = len(rows) * ROW
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'role="img" aria-labelledby="chart-title" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for index, row in enumerate(rows):
        parts.append(_bar(index * ROW, *row))
    parts.append("</svg>")
    return Markup("".join(parts))


def _bar(y: int, label: str, value: float, detail: str) -> str:
    share = min(max(value, 0.0), 1.0)
    level = "ok" if share >= 0.7 else ("warn" if share >= 0.4 else "bad")
    percent = f"{round(share * 100)}%"
    text_y = y + LABEL_LINE - 5
    bar_y = y + LABEL_LINE
    return (
        f"<g><title>{escape(label)}: {percent} ({escape(detail)})</title>"
        f'<text x="0" y="{text_y}" class="chart-label">{escape(_short(label))}</text>'
        f'<text x="{WIDTH}" y="{text_y}" class="chart-value" text-anchor="end">{percent}</text>'
        f'<rect x="0" y="{bar_y}" width="{WIDTH}" height="{BAR_HEIGHT}" class="chart-track" '
        'rx="4"/>'
        f'<rect x="0" y="{bar_y}" width="{WIDTH * share:.1f}" height="{BAR_HEIGHT}" '
        f'class="chart-bar {level}" rx="4"/></g>'
    )


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
