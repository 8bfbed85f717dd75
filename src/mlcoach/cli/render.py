"""Drawing results with Rich; commands compute data, this module only shows it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

from mlcoach.content.formulas import math_spans

console = Console()
err_console = Console(stderr=True)

# A fenced code block (to the end of the text when never closed) or an inline code span: the
# `$` in them is code, not a formula.
_CODE = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}(?P=fence)[ \t]*$|\Z)"
    r"|(?P<ticks>`+)[^`].*?(?<!`)(?P=ticks)(?!`)",
    re.M | re.S,
)
WRONG_STATEMENTS = {  # what a grade lists as wrong, by kind: concept, design, behavioral
    "pitfalls": "pitfall",
    "red_flags": "red flag",
}


def print_json(data: Any) -> None:
    """Stable machine-readable output: sorted keys, UTF-8, one document."""
    print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str))


def table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    tbl = Table(title=title, show_lines=False)
    for column in columns:
        tbl.add_column(column)
    for row in rows:
        tbl.add_row(*("" if v is None else str(v) for v in row))
    console.print(tbl)


def markdown(text: str) -> None:
    console.print(Markdown(math_as_code(text)))


def math_as_code(text: str) -> str:
    """Markdown with each `$...$`/`$$...$$` formula turned into inline code, so the terminal
    shows it as written: Rich has no math, and would read `Q^*(s,a) ... Q^*` as italics and
    drop the stars. Formulas are found by the web's rules; code is left alone."""
    pieces, pos = [], 0
    for code in _CODE.finditer(text):
        pieces += [_formulas_as_code(text[pos : code.start()]), code.group()]
        pos = code.end()
    return "".join([*pieces, _formulas_as_code(text[pos:])])


def _formulas_as_code(text: str) -> str:
    pieces, pos = [], 0
    for start, end in math_spans(text):
        pieces += [text[pos:start], code_span(text[start:end])]
        pos = end
    return "".join([*pieces, text[pos:]])


def code_span(text: str) -> str:
    """`text` as one Markdown code span, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def counts(title: str, mapping: Mapping[str, int]) -> None:
    table(title, ["name", "count"], sorted(mapping.items()))


def error(message: str) -> None:
    # escaped: messages quote user input, and "[/]" in it would break Rich markup; one line
    # however long (soft_wrap), so scripts and `grep` see the whole message together
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def print_jsonl(data: Any) -> None:
    """One compact JSON document per line (for --batch)."""
    print(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str), flush=True)


# --- grades ------------------------------------------------------------------------------------


def grade_result(result: Mapping[str, Any]) -> None:
    """A grade of any kind: the score; the key points covered (with the sentence that shows
    each) or missed, per step for a design and after the STAR parts for a story; what was
    wrong; the feedback. The follow-up is the caller's: practice asks it, grade prints it."""
    console.print(f"\n[bold]Score {result['score']}/100[/]", highlight=False)
    if "steps" in result:
        for step, body in result["steps"].items():
            console.print(f"[bold]{escape(step)}[/] {body['score']}/100", highlight=False)
            key_points(body.get("key_points", []))
    elif "parts" in result:
        star_parts(result)
        if result.get("key_points"):
            console.print("[bold]Strong signals[/]")
            key_points(result["key_points"])
    else:
        key_points(result.get("key_points", []))
    wrong_statements(result)
    if result.get("feedback"):
        console.print(f"\n{escape(result['feedback'])}", highlight=False)


def key_points(points: Iterable[Mapping[str, Any]]) -> None:
    """✓ with the answer's sentence that covers the point ("only in part" when it states some of
    the point's claims), or ✗ missed."""
    for point in points:
        text = escape(point["text"])
        if not point["covered"]:
            console.print(f" [red]✗ missed:[/] {text}", highlight=False)
            continue
        part = " [yellow](only in part)[/]" if point.get("partial") else ""
        console.print(f" [green]✓[/] {text}{part}", highlight=False)
        if point.get("evidence"):
            console.print(f"     [dim]“{escape(point['evidence'])}”[/]", highlight=False)


def star_parts(result: Mapping[str, Any]) -> None:
    """Each STAR part found (with its first sentence) or missing, then ownership, measurable
    results and lessons."""
    console.print("[bold]STAR parts[/]")
    for name, part in result["parts"].items():
        if part["present"]:
            said = escape(part["evidence"])
            console.print(f" [green]✓[/] {name}: [dim]“{said}”[/]", highlight=False)
        else:
            console.print(f" [red]✗ missing:[/] {name}", highlight=False)
    checks = [
        f"ownership {result.get('ownership', 0.0):.0%} (“I” rather than “we”)",
        f"measurable result {_mark(result.get('measurable_results'))}",
        f"lesson {_mark(result.get('lessons'))}",
    ]
    console.print(" " + " · ".join(checks), highlight=False)


def _mark(found: object) -> str:
    return "[green]✓[/]" if found else "[red]✗[/]"


def wrong_statements(result: Mapping[str, Any]) -> None:
    """Misconceptions (with the sentence that states each), pitfalls and red flags."""
    for hit in result.get("misconceptions", []):
        console.print(f" [red]misconception:[/] {escape(misconception_text(hit))}", highlight=False)
    for field, label in WRONG_STATEMENTS.items():
        for text in result.get(field, []):
            console.print(f" [red]{label}:[/] {escape(text)}", highlight=False)


def misconception_text(hit: Mapping[str, Any]) -> str:
    """The wrong claim, then what the answer said: "… (you said: “…”)"."""
    said = f" (you said: “{hit['evidence']}”)" if hit.get("evidence") else ""
    return f"{hit['text']}{said}"
