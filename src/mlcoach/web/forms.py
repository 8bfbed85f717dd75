"""Lenient parsing of query strings and form fields: "" means "any", anything else is checked.

HTML forms send empty strings for unset filters, which a typed parameter would reject; these
helpers accept them and raise `BadInput` (a 422 naming the field) for real mistakes.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated

from fastapi import Path

from mlcoach.web.errors import BadInput

# ids are 32-bit on PostgreSQL; a larger number is a 422, never a database error
StoryId = Annotated[int, Path(ge=1, le=2**31 - 1, description="a story's id")]
SOURCE_LIMIT = 100_000  # characters of code in one submission
ANSWER_LIMIT = 20_000  # characters of one free-text answer


def optional_int(value: str | None, field: str, low: int, high: int) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        number = int(value)
    except ValueError:
        raise BadInput("query", field, f"'{value}' is not a whole number") from None
    if not low <= number <= high:
        raise BadInput("query", field, f"must be between {low} and {high}")
    return number


def optional_choice(value: str | None, field: str, choices: Collection[str]) -> str | None:
    if value is None or not value.strip():
        return None
    if value not in choices:
        raise BadInput("query", field, f"'{value}' is not one of: {', '.join(sorted(choices))}")
    return value


def clean_text(value: str) -> str:
    """Text the judge, the grader and every database accept: no NULs, no lone surrogates."""
    return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def limited_text(value: str, field: str, limit: int) -> str:
    if len(value) > limit:
        raise BadInput("form", field, f"is {len(value)} characters; the limit is {limit}")
    return clean_text(value)
