"""The export file: one learner's records as JSON, versioned, checked before anything is written.

Rows refer to each other by natural keys, not database ids: a card or attempt names its deck,
review logs sit inside their card, deck items inside their deck, answers inside their interview
session. Numeric ids are therefore never in the file and an import can give rows new ones.
Times are ISO 8601 in UTC. Lengths mirror the columns in storage/tables.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    FiniteFloat,
    StrictBool,
    ValidationError,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from mlcoach.plan import HistoryError, parse_history
from mlcoach.practice.scheduler import check_state

FORMAT = "mlcoach-export"
FORMAT_VERSION = 1

UtcTime = Annotated[AwareDatetime, AfterValidator(lambda moment: moment.astimezone(UTC))]
JsonObject = dict[str, Any]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
# Integer columns are 32-bit on PostgreSQL: a larger value would fail half-way through a write.
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]
RatingValue = Annotated[int, Field(ge=1, le=4)]  # fsrs: 1 Again, 2 Hard, 3 Good, 4 Easy
# The key of `user.settings` where services/plan.py keeps the last calendar export: checked on
# import (so `mlcoach plan --ics` never meets a broken one), never on export.
CALENDAR_SETTING = "plan_calendar"


def _fsrs_state(state: JsonObject) -> JsonObject:
    try:
        check_state(state)
    except ValueError as exc:
        raise PydanticCustomError("fsrs_state", str(exc)) from None
    return state


FsrsState = Annotated[JsonObject, AfterValidator(_fsrs_state)]


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
    """The learner's row: the plan profile and settings (the name is informational)."""

    name: Str100
    created_at: UtcTime
    interview_date: IsoDate | None
    target_company: Str100 | None
    hours_per_week: FiniteFloat | None
    timezone: Str64 | None
    settings: JsonObject


class DeckItemRecord(Record):
    """One imported question, inside its deck."""

    item_id: Str200
    kind: Str20
    data: JsonObject
    source_line: Count | None


class DeckRecord(Record):
    """An imported question bank, named uniquely per learner, with its items."""

    name: Str200
    source_path: str | None
    source_sha256: Str64 | None
    created_at: UtcTime
    items: list[DeckItemRecord]


class AttemptRecord(Record):
    """One answer or submission and its stored grade or verdict."""

    item_id: Str200
    item_kind: Str20
    deck: str | None  # the deck's name (decks are unique by name per learner)
    created_at: UtcTime
    answer: str
    score: FiniteFloat | None
    verdict: Str20 | None
    duration_ms: Count | None
    result: JsonObject


class ReviewLogRecord(Record):
    """One rating of a card, inside its card."""

    rating: RatingValue
    reviewed_at: UtcTime
    duration_ms: Count | None
    suggested_rating: RatingValue | None
    log: JsonObject


class CardRecord(Record):
    """The fsrs card of one item (its `to_dict()`, or {} before a review) and its reviews."""

    item_id: Str200
    item_kind: Str20
    deck: str | None
    due: UtcTime
    state: FsrsState
    created_at: UtcTime
    updated_at: UtcTime
    review_logs: list[ReviewLogRecord]


class AnswerRecord(Record):
    """One answer given in a mock interview, inside its session."""

    section_id: Str100
    item_id: Str200
    step: Str50 | None
    answer: str
    submitted_at: UtcTime
    timed_out: StrictBool
    result: JsonObject


class InterviewRecord(Record):
    """A mock interview session (kept under its uuid) with its answers."""

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
    """A STAR story from the learner's story bank."""

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
    """The whole file: header, then every record of one learner."""

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
    problems = reference_problems(export) + settings_problems(export)
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
    "greater_than_equal": "use a number in the range shown",
    "less_than_equal": "use a number in the range shown",
    "finite_number": "give a finite number",
    "fsrs_state": "keep the card's state as exported, or write {} to start the card over",
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


def settings_problems(export: ExportFile) -> list[str]:
    """The calendar export history mlcoach keeps in `user.settings`, if any, must be readable."""
    saved = export.user.settings.get(CALENDAR_SETTING)
    if saved is None:
        return []
    try:
        parse_history(saved)
    except HistoryError as exc:
        return [
            f"user.settings.{CALENDAR_SETTING}.{problem} (fix: keep it as `mlcoach export` wrote "
            "it, or remove it: the next calendar export then starts a new history)"
            for problem in exc.problems
        ]
    return []


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
