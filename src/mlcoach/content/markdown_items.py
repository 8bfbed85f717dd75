"""Reading item files written in Markdown: YAML front matter plus `## Section` blocks.

Each kind declares which sections it has and how a section's text becomes a model field, so
the parsing rules live in one table per kind instead of one parser per kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from mlcoach.content.problems import ContentError, Problem

_WEIGHT = re.compile(r"\s*\(x(\d+(?:\.\d+)?)\)\s*$")
_NUMBERED = re.compile(r"^\s*\d+\.\s+(.*)$")
_NAMED_STEP = re.compile(r"^\*\*(.+?)\*\*\s*[:\-–—]\s*(.+)$", re.DOTALL)


def bullets(text: str) -> list[str]:
    """Top-level `-`/`*` bullets; indented continuation lines join their bullet."""
    items: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if re.match(r"^[-*]\s+", line):
            items.append(stripped[2:].strip())
        elif stripped and items and line[:1].isspace():
            items[-1] += " " + stripped
    return items


def key_points(text: str) -> list[dict[str, Any]]:
    """Bullets with an optional trailing `(x2)` weight."""
    points = []
    for bullet in bullets(text):
        match = _WEIGHT.search(bullet)
        weight = float(match.group(1)) if match else 1.0
        points.append({"text": _WEIGHT.sub("", bullet).strip(), "weight": weight})
    return points


def numbered_steps(text: str) -> list[dict[str, str]]:
    """`1. **Name**: description` lines (continuations indented) as framework steps."""
    raw: list[str] = []
    for line in text.splitlines():
        match = _NUMBERED.match(line)
        if match:
            raw.append(match.group(1).strip())
        elif line.strip() and raw and line[:1].isspace():
            raw[-1] += " " + line.strip()
    steps = []
    for entry in raw:
        named = _NAMED_STEP.match(entry)
        if named:
            steps.append({"name": named.group(1).strip(), "description": named.group(2).strip()})
        else:
            steps.append({"name": entry, "description": ""})
    return steps


def prose(text: str) -> str:
    return text.strip()


Parser = Callable[[str], Any]


@dataclass(frozen=True)
class SectionSpec:
    heading: str
    field: str
    parse: Parser
    required: bool = True


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        raise ContentError(
            [
                Problem(
                    path,
                    "(front matter)",
                    "file does not start with '---'",
                    "begin the file with a YAML block between '---' lines",
                )
            ]
        )
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise ContentError(
            [
                Problem(
                    path,
                    "(front matter)",
                    "front matter is not closed",
                    "end the YAML block with a line holding only '---'",
                )
            ]
        )
    try:
        meta = yaml.safe_load(parts[0][3:]) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ContentError(
            [
                Problem(
                    path,
                    "(front matter)",
                    f"invalid YAML{where}: {getattr(exc, 'problem', exc)}",
                    "fix the YAML syntax (quote values holding ':')",
                )
            ]
        ) from exc
    if not isinstance(meta, dict):
        raise ContentError(
            [
                Problem(
                    path,
                    "(front matter)",
                    "front matter is not a mapping",
                    "write 'key: value' lines",
                )
            ]
        )
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    return meta, body


def split_sections(body: str) -> tuple[list[tuple[str, str]], str]:
    """Return ([(heading, text)], text before the first heading)."""
    chunks = re.split(r"^##[ \t]+(.+?)[ \t]*$", body, flags=re.MULTILINE)
    preamble, rest = chunks[0], chunks[1:]
    return [(rest[i].strip(), rest[i + 1]) for i in range(0, len(rest), 2)], preamble


def parse_item(text: str, path: str, specs: tuple[SectionSpec, ...]) -> dict[str, Any]:
    """Front matter plus sections as one raw dict for the kind's pydantic model."""
    meta, body = split_front_matter(text, path)
    sections, preamble = split_sections(body)
    problems: list[Problem] = []
    if preamble.strip():
        problems.append(
            Problem(
                path,
                "(body)",
                "text before the first '## ' heading",
                "move it under a section heading",
            )
        )
    by_heading = {spec.heading.lower(): spec for spec in specs}
    data: dict[str, Any] = dict(meta)
    seen: set[str] = set()
    for heading, content in sections:
        spec = by_heading.get(heading.lower())
        if spec is None:
            allowed = ", ".join(f"'## {s.heading}'" for s in specs)
            problems.append(
                Problem(path, f"## {heading}", "unknown section", f"use one of {allowed}")
            )
            continue
        if spec.field in seen:
            problems.append(
                Problem(path, f"## {heading}", "section appears twice", "merge the two sections")
            )
        seen.add(spec.field)
        _store(data, spec.field, spec.parse(content))
    for spec in specs:
        if spec.required and spec.field not in seen:
            problems.append(
                Problem(path, spec.field, f"missing section '## {spec.heading}'", "add the section")
            )
    if problems:
        raise ContentError(problems)
    return data


def _store(data: dict[str, Any], field: str, value: Any) -> None:
    """`steps.data` nests under `steps`; plain names are top-level fields."""
    if "." in field:
        outer, inner = field.split(".", 1)
        data.setdefault(outer, {})[inner] = value
    else:
        data[field] = value
