"""Drawing results with Rich; commands compute data, this module only shows it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


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
    console.print(Markdown(text))


def counts(title: str, mapping: Mapping[str, int]) -> None:
    table(title, ["name", "count"], sorted(mapping.items()))


def error(message: str) -> None:
    # escaped: messages quote user input, and "[/]" in it would break Rich markup
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False)


def print_jsonl(data: Any) -> None:
    """One compact JSON document per line (for --batch)."""
    print(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str), flush=True)
