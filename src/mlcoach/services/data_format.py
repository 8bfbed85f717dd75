"""The export file: one learner's records as JSON, versioned, checked before anything is written.

Rows refer to each other by natural keys, not database ids: a card or attempt names its deck,
review logs sit inside their card, deck items inside their deck, answers inside their interview
session. Numeric ids are therefore never in the file and an import can give rows new ones.
Times are ISO 8601 in UTC. Lengths mirror the columns in storage/tables.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
)
from pydantic_core import ErrorDetails

FORMAT = "mlcoach-export"
FORMAT_VERSION = 1

UtcTime = Annotated[AwareDatetime, AfterValidator(lambda moment: moment.astimezone(UTC))]
JsonObject = dict[str, Any]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


Str20 = Annotated[str, Field(max_length=20)]
Str36 = Annotated[str, Field(min_length=1, max_length=36)]
Str50 = Annotated[str, Field(max_length=50)]
Str64 = Annotated[str, Field(max_length=64)]
Str100 = Annotated[str, Field(max_length=100)]
Str200 = Annotated[str, Field(max_length=200)]


class Record(BaseModel):
    """Every field is required: the exporter always writes them all, null when empty."""

    model_config = ConfigDict(extra="forbid")


class UserRecord(Record):
    name: Str100
    created_at: UtcTime
    interview_date: IsoDate | None
    target_company: Str100 | None
    hours_per_week: float | None
    timezone: Str64 | None
    settings: JsonObject


class DeckItemRecord(Record):
    item_id: Str200
    kind: Str20
    data: JsonObject
    source_line: int | None


class DeckRecord(Record):
    name: Str200
    source_path: str | None
    source_sha256: Str64 | None
    created_at: UtcTime
    items: list[DeckItemRecord]


class AttemptRecord(Record):
    item_id: Str200
    item_kind: Str20
    deck: str | None  # the deck's name (decks are unique by name per learner)
    created_at: UtcTime
    answer: str
    score: float | None
    verdict: Str20 | None
    duration_ms: int | None
    result: JsonObject


class ReviewLogRecord(Record):
    rating: int
    reviewed_at: UtcTime
    duration_ms: int | None
    suggested_rating: int | None
    log: JsonObject


class CardRecord(Record):
    item_id: Str200
    item_kind: Str20
    deck: str | None
    due: UtcTime
    state: JsonObject
    created_at: UtcTime
    updated_at: UtcTime
    review_logs: list[ReviewLogRecord]


class AnswerRecord(Record):
    section_id: Str100
    item_id: Str200
    step: Str50 | None
    answer: str
    submitted_at: UtcTime
    timed_out: StrictBool
    result: JsonObject


class InterviewRecord(Record):
    id: Str36
    blueprint_id: Str200
    blueprint: JsonObject
    status: Str20
    started_at: UtcTime
    updated_at: UtcTime
    finished_at: UtcTime | None
    state: JsonObject
    report: JsonObject | None
    answers: list[AnswerRecord]


class StoryRecord(Record):
    title: Str200
    situation: str
    task: str
    action: str
    result: str
    lessons: str
    tags: list[str]
    created_at: UtcTime
    updated_at: UtcTime


class ExportFile(Record):
    format: Literal["mlcoach-export"]
    format_version: Literal[1]
    exported_at: UtcTime
    schema_revision: str | None
    user: UserRecord
    decks: list[DeckRecord]
    attempts: list[AttemptRecord]
    cards: list[CardRecord]
    interview_sessions: list[InterviewRecord]
    stories: list[StoryRecord]


class DataFileError(ValueError):
    """An export file that cannot be imported; `problems` lists each as `path: message (fix)`."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def parse_export(data: Any) -> ExportFile:
    """The checked file, or DataFileError listing every problem at once."""
    _check_header(data)
    try:
        export = ExportFile.model_validate(data)
    except ValidationError as exc:
        raise DataFileError([_describe(error) for error in exc.errors()]) from None
    problems = reference_problems(export)
    if problems:
        raise DataFileError(problems)
    return export


def _check_header(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataFileError(
            [
                f"format: not an mlcoach export (fix: use a file written by `mlcoach export`, "
                f'which starts with "format": "{FORMAT}")'
            ]
        )
    version = data.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise DataFileError(
            [
                f"format_version: {version} is newer than this mlcoach reads ({FORMAT_VERSION}) "
                "(fix: upgrade mlcoach, then import again)"
            ]
        )


FIXES = {
    "missing": "add this field",
    "extra_forbidden": "remove this field; mlcoach does not know it",
    "timezone_aware": "give the time with its zone, e.g. 2026-03-01T12:30:00Z",
    "string_too_long": "shorten it",
    "string_pattern_mismatch": "write the date as YYYY-MM-DD",
    "literal_error": "use the value shown",
}


def _describe(error: ErrorDetails) -> str:
    kind = error["type"]
    fix = FIXES.get(kind)
    if fix is None and kind.startswith(("datetime", "date")):
        fix = "use an ISO 8601 time in UTC, e.g. 2026-03-01T12:30:00Z"
    return f"{field_path(error['loc'])}: {error['msg']} (fix: {fix or 'correct the value'})"


def field_path(loc: Iterable[int | str]) -> str:
    """("attempts", 3, "created_at") -> "attempts[3].created_at"."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(file)"


def reference_problems(export: ExportFile) -> list[str]:
    """What the columns' unique keys and the deck references need, checked before writing."""
    problems = _duplicates("decks", "name", [d.name for d in export.decks])
    for index, deck in enumerate(export.decks):
        problems += _duplicates(f"decks[{index}].items", "item_id", [i.item_id for i in deck.items])
    problems += _duplicates("cards", "item_id", [c.item_id for c in export.cards])
    problems += _duplicates("stories", "title", [s.title for s in export.stories])
    problems += _duplicates("interview_sessions", "id", [s.id for s in export.interview_sessions])
    decks = {d.name for d in export.decks}
    references = [("attempts", i, a.deck) for i, a in enumerate(export.attempts)]
    references += [("cards", i, c.deck) for i, c in enumerate(export.cards)]
    problems += [
        f"{table}[{index}].deck: no deck named {deck!r} in decks "
        "(fix: add that deck to decks, or set deck to null)"
        for table, index, deck in references
        if deck is not None and deck not in decks
    ]
    return problems


def _duplicates(where: str, key: str, values: list[str]) -> list[str]:
    """One problem per repeat (the first occurrence is not a problem)."""
    counts, seen, problems = Counter(values), set(), []
    for index, value in enumerate(values):
        if value in seen:
            problems.append(
                f"{where}[{index}].{key}: {value!r} appears {counts[value]} times "
                f"(fix: each {key} must be unique; rename or remove the copies)"
            )
        seen.add(value)
    return problems


def dump(export: ExportFile) -> dict[str, Any]:
    """JSON-ready: times as ISO 8601 UTC strings ('Z')."""
    return export.model_dump(mode="json")


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
