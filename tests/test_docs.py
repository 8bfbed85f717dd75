"""Undocumented settings and commands fail here (datasette-style documentation tests)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from mlcoach.cli.main import app
from mlcoach.settings import Settings

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
CLI_DOC = REPO / "docs" / "cli.md"


def read(path: Path) -> str:
    assert path.is_file(), f"{path.relative_to(REPO)} is missing"
    return path.read_text(encoding="utf-8")


def subcommands(command: Any) -> dict[str, Any]:
    """A group's sub-commands (Typer vendors click, so no isinstance on click classes)."""
    return dict(getattr(command, "commands", {}))


def commands(group: Any, prefix: tuple[str, ...] = ("mlcoach",)) -> Iterator[tuple[str, Any]]:
    for name, command in sorted(subcommands(group).items()):
        path = (*prefix, name)
        yield " ".join(path), command
        yield from commands(command, path)


COMMANDS = dict(commands(typer.main.get_command(app)))


def sections(markdown: str) -> dict[str, str]:
    """Heading text (without #s and backticks) -> the text up to the next heading."""
    found: dict[str, str] = {}
    parts = re.split(r"^#{1,6}[ \t]+(.+?)[ \t]*$", markdown, flags=re.MULTILINE)
    for i in range(1, len(parts), 2):
        found[parts[i].replace("`", "").strip()] = parts[i + 1]
    return found


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_setting_is_documented_in_readme(field: str) -> None:
    env = f"MLCOACH_{field.upper()}"
    assert re.search(rf"\b{env}\b", read(README)), f"README.md does not mention {env}"


def test_cli_commands_were_found() -> None:
    assert {"mlcoach content check", "mlcoach db upgrade", "mlcoach version"} <= set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_documented(name: str) -> None:
    documented = sections(read(CLI_DOC))
    if name not in documented:
        pytest.fail(f"docs/cli.md needs a heading '{name}' (with an example and every option)")
    command = COMMANDS[name]
    if subcommands(command):
        return
    body = documented[name]
    for param in command.params:
        if param.param_type_name == "option":
            flag = max(param.opts, key=len)
            assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", body), (
                f"docs/cli.md: '{name}' does not document {flag}"
            )
        else:
            assert param.name and param.name.upper() in body, (
                f"docs/cli.md: '{name}' does not document its argument {param.name}"
            )
    assert re.search(rf"```[^`]*\$ {re.escape(name)}\b", body), (
        f"docs/cli.md: '{name}' has no example ('$ {name} ...' in a code block)"
    )


def test_cli_doc_has_no_stale_commands() -> None:
    stale = [h for h in sections(read(CLI_DOC)) if h.startswith("mlcoach") and h not in COMMANDS]
    assert stale == [], f"docs/cli.md documents commands that do not exist: {stale}"
