"""Charts drawn on the server as SVG: no chart library, readable without JavaScript, with a
<title> and text labels so screen readers and both themes (colours are CSS variables) work."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 210
BAR_WIDTH = 300
VALUE_WIDTH = 60


def mastery_bars(rows: Sequence[tuple[str, float, str]], title: str) -> Markup:
    """Horizontal bars, one per (label, value 0..1, detail) row, with the percentage written."""
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for index, (label, value, detail) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        share = min(max(value, 0.0), 1.0)
        level = "ok" if share >= 0.7 else ("warn" if share >= 0.4 else "bad")
        text_y = y + BAR_HEIGHT * 0.7
        parts += [
            f"<g><title>{escape(label)}: {round(share * 100)}% ({escape(detail)})</title>",
            f'<text x="0" y="{text_y:.1f}" class="chart-label">{escape(_short(label))}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            'class="chart-track" rx="4"/>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH * share:.1f}" '
            f'height="{BAR_HEIGHT}" class="chart-bar {level}" rx="4"/>',
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{text_y:.1f}" class="chart-value">'
            f"{round(share * 100)}%</text></g>",
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
