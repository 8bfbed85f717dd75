"""Problems found in content files, reported all at once as `path:field: message (fix)`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.field}: {self.message} ({self.fix})"

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "field": self.field, "message": self.message, "fix": self.fix}


class ContentError(Exception):
    """Raised while reading one file; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


_FIXES = {
    "missing": "add this field",
    "extra_forbidden": "remove it or fix its spelling; see docs/content-format.md",
    "string_pattern_mismatch": "use a kebab-case slug such as 'my-item'",
    "string_too_short": "write something here",
    "too_short": "add at least one entry",
    "int_parsing": "use a whole number",
    "greater_than_equal": "use a larger value",
    "less_than_equal": "use a smaller value",
    "literal_error": "use one of the allowed values",
}


def from_validation_error(path: str, error: ValidationError) -> list[Problem]:
    """Translate pydantic's errors into one Problem each, naming the field and a fix."""
    problems = []
    for err in error.errors():
        field = ".".join(str(part) for part in err["loc"]) or "(file)"
        fix = _FIXES.get(err["type"], "see docs/content-format.md")
        problems.append(Problem(path, field, _message(err), fix))
    return problems


def _message(err: Any) -> str:
    msg = str(err["msg"])
    if err["type"] == "extra_forbidden":
        return "unknown key"
    return msg.removeprefix("Value error, ")
