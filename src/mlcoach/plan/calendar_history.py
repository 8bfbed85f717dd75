"""What the last calendar export said about each event, so the next export can update or cancel it.

Calendar apps match a re-imported event to the one they hold by UID and keep the copy with the
higher SEQUENCE (RFC 5545). So for every UID it has written, the exporter remembers the
SEQUENCE, the DTSTAMP, a digest of the content (to know when SEQUENCE must go up) and enough of
the event (day, start, end, summary) to write it again as a cancellation once the plan drops it.
Stored as JSON by the caller; `parse_history` checks it and names every bad field.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    field_validator,
)

UtcTime = Annotated[AwareDatetime, AfterValidator(lambda moment: moment.astimezone(UTC))]
SequenceNumber = Annotated[int, Field(ge=0, le=2**31 - 1)]  # an iCalendar INTEGER


class ExportedEvent(BaseModel):
    """One UID as the last export wrote it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    uid: str = Field(min_length=1)
    day: date  # the session's local date (the start in UTC can fall on another day)
    start: UtcTime
    end: UtcTime
    summary: str
    digest: str = Field(min_length=1)  # of the content, without SEQUENCE and DTSTAMP
    sequence: SequenceNumber
    stamp: UtcTime  # when this content was first exported: the event's DTSTAMP
    cancelled: StrictBool


class CalendarHistory(BaseModel):
    """Every UID the last export wrote (sessions and cancellations)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    events: tuple[ExportedEvent, ...]

    @field_validator("events")
    @classmethod
    def _unique_uids(cls, events: tuple[ExportedEvent, ...]) -> tuple[ExportedEvent, ...]:
        uids = [event.uid for event in events]
        repeated = sorted({uid for uid in uids if uids.count(uid) > 1})
        if repeated:
            raise ValueError(f"UIDs must be unique; repeated: {', '.join(repeated)}")
        return events


class HistoryError(ValueError):
    """A stored history that cannot be read; `problems` names each bad field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def parse_history(data: Any) -> tuple[ExportedEvent, ...]:
    """The stored history, or HistoryError naming each bad field (`events[2].sequence: ...`)."""
    try:
        return CalendarHistory.model_validate(data).events
    except ValidationError as exc:
        problems = [f"{_path(error['loc'])}: {error['msg']}" for error in exc.errors()]
        raise HistoryError(problems) from None


def history_to_dict(events: Iterable[ExportedEvent]) -> dict[str, Any]:
    """JSON-ready, sorted by day so an unchanged export stores the same document."""
    ordered = sorted(events, key=lambda event: (event.day, event.uid))
    return CalendarHistory(events=tuple(ordered)).model_dump(mode="json")


def _path(loc: Iterable[int | str]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(history)"
