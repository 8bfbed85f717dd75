"""Export and import everything a learner owns, losslessly (format: services/data_format.py).

Import rules (docs/data.md): the whole file is checked first and every problem is reported at
once; then it is written in one transaction, so a bad file imports nothing. A learner who
already has records (or a saved plan profile) is never merged into: the import is refused unless
`replace=True`, which removes their records first, in the same transaction. The data lands on the
learner named by the settings (MLCOACH_USER_NAME); the file's user name is informational.
"""

from __future__ import annotations

import errno
import os
import uuid
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from mlcoach.services.coach import Coach
from mlcoach.services.data_format import (
    FORMAT,
    FORMAT_VERSION,
    AnswerRecord,
    AttemptRecord,
    CardRecord,
    DataFileError,
    DeckItemRecord,
    DeckRecord,
    ExportFile,
    InterviewRecord,
    ReviewLogRecord,
    StoryRecord,
    UserRecord,
    dump,
    parse_export,
)
from mlcoach.storage import data_repo, practice_repo
from mlcoach.storage.migrate import head_revision
from mlcoach.storage.tables import (
    Attempt,
    Card,
    Deck,
    DeckItem,
    InterviewAnswer,
    InterviewSession,
    ReviewLog,
    Story,
    User,
)

__all__ = [
    "DataError",
    "DataFileError",
    "export_summary",
    "export_user_data",
    "import_user_data",
    "write_atomically",
]

Model = TypeVar("Model", bound=BaseModel)
PROFILE_FIELDS = ("interview_date", "target_company", "hours_per_week", "timezone")


class DataError(ValueError):
    """The import cannot go ahead (the learner already has data, the database refused a row)."""


# --- export ----------------------------------------------------------------------------------


def export_user_data(coach: Coach) -> dict[str, Any]:
    """The learner's profile and every record they own, JSON-ready."""
    with coach.learner() as (session, user):
        decks = data_repo.decks_of(session, user)
        deck_names = {deck.id: deck.name for deck in decks}
        export = ExportFile(
            format=FORMAT,
            format_version=FORMAT_VERSION,
            exported_at=coach.now(),
            schema_revision=head_revision(),
            user=_record(user, UserRecord),
            decks=_deck_records(session, decks),
            attempts=[
                _record(a, AttemptRecord, deck=deck_names.get(a.deck_id) if a.deck_id else None)
                for a in data_repo.attempts_of(session, user)
            ],
            cards=_card_records(session, user, deck_names),
            interview_sessions=_interview_records(session, user),
            stories=[_record(s, StoryRecord) for s in data_repo.stories_of(session, user)],
        )
    return dump(export)


def _record(row: object, model: type[Model], **given: Any) -> Model:
    """A record from a row: fields named like columns are copied, the rest are given."""
    values = {name: getattr(row, name) for name in model.model_fields if name not in given}
    return model.model_validate({**values, **given})


def _deck_records(session: Session, decks: list[Deck]) -> list[DeckRecord]:
    items = data_repo.deck_items_by_deck(session, [d.id for d in decks])
    return [
        _record(d, DeckRecord, items=[_record(i, DeckItemRecord) for i in items.get(d.id, [])])
        for d in decks
    ]


def _card_records(session: Session, user: User, deck_names: dict[int, str]) -> list[CardRecord]:
    cards = practice_repo.cards_of(session, user)
    logs = data_repo.review_logs_by_card(session, [c.id for c in cards])
    return [
        _record(
            card,
            CardRecord,
            deck=deck_names.get(card.deck_id) if card.deck_id else None,
            review_logs=[_record(log, ReviewLogRecord) for log in logs.get(card.id, [])],
        )
        for card in cards
    ]


def _interview_records(session: Session, user: User) -> list[InterviewRecord]:
    interviews = data_repo.interviews_of(session, user)
    answers = data_repo.answers_by_interview(session, [s.id for s in interviews])
    return [
        _record(
            s, InterviewRecord, answers=[_record(a, AnswerRecord) for a in answers.get(s.id, [])]
        )
        for s in interviews
    ]


def export_summary(data: dict[str, Any]) -> dict[str, int]:
    """Row counts per table in an export document (for messages)."""
    return {
        "attempts": len(data["attempts"]),
        "cards": len(data["cards"]),
        "deck_items": sum(len(d["items"]) for d in data["decks"]),
        "decks": len(data["decks"]),
        "interview_answers": sum(len(s["answers"]) for s in data["interview_sessions"]),
        "interview_sessions": len(data["interview_sessions"]),
        "review_logs": sum(len(c["review_logs"]) for c in data["cards"]),
        "stories": len(data["stories"]),
    }


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a hidden sibling file, synced, then renamed over it: a
    reader (or a crash) never sees half a file. The sibling is removed if anything fails."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder", str(path))
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        raise


# --- import ----------------------------------------------------------------------------------


def import_user_data(coach: Coach, data: Any, *, replace: bool = False) -> dict[str, Any]:
    """Check the whole file, then write it in one transaction (nothing on any error).

    Raises DataFileError (every problem, as `path: message (fix: ...)`) for a bad file, and
    DataError when the learner already has data and `replace` is false or the database
    refuses a row.
    """
    export = parse_export(data)
    try:
        with coach.learner() as (session, user):
            _make_room(session, user, replace)
            renamed = _write(session, user, export)
    except DBAPIError as exc:  # a constraint or a value the file checks could not foresee
        raise DataError(f"the database refused a row, nothing was imported: {exc.orig}") from None
    return {
        "imported": export_summary(dump(export)),
        "replaced": replace,
        "renamed_interview_sessions": renamed,
    }


def _make_room(session: Session, user: User, replace: bool) -> None:
    counts = data_repo.counts_of(session, user)
    has_profile = bool(user.settings) or any(getattr(user, f) is not None for f in PROFILE_FIELDS)
    if replace:
        data_repo.delete_user_data(session, user)
        return
    if any(counts.values()) or has_profile:
        held = ", ".join(f"{n} {table}" for table, n in counts.items() if n) or "a saved profile"
        raise DataError(
            f"learner '{user.name}' already has data ({held}); nothing was imported. "
            "Export it first if you want to keep it, then import with --replace"
        )


def _write(session: Session, user: User, export: ExportFile) -> dict[str, str]:
    for name in (*PROFILE_FIELDS, "created_at", "settings"):
        setattr(user, name, getattr(export.user, name))
    deck_ids = _write_decks(session, user, export.decks)
    session.add_all(
        Attempt(user_id=user.id, deck_id=_deck_id(deck_ids, a.deck), **_columns(a, "deck"))
        for a in export.attempts
    )
    _write_cards(session, user, export.cards, deck_ids)
    renamed = _write_interviews(session, user, export.interview_sessions)
    session.add_all(Story(user_id=user.id, **_columns(s)) for s in export.stories)
    session.flush()
    return renamed


def _columns(record: BaseModel, *skip: str) -> dict[str, Any]:
    return record.model_dump(exclude=set(skip))


def _deck_id(deck_ids: dict[str, int], name: str | None) -> int | None:
    return None if name is None else deck_ids[name]


def _write_decks(session: Session, user: User, decks: list[DeckRecord]) -> dict[str, int]:
    rows = [Deck(user_id=user.id, **_columns(d, "items")) for d in decks]
    session.add_all(rows)
    session.flush()
    for row, deck in zip(rows, decks, strict=True):
        session.add_all(DeckItem(deck_id=row.id, **_columns(i)) for i in deck.items)
    return {row.name: row.id for row in rows}


def _write_cards(
    session: Session, user: User, cards: list[CardRecord], deck_ids: dict[str, int]
) -> None:
    rows = [
        Card(
            user_id=user.id,
            deck_id=_deck_id(deck_ids, c.deck),
            **_columns(c, "deck", "review_logs"),
        )
        for c in cards
    ]
    session.add_all(rows)
    session.flush()
    for row, card in zip(rows, cards, strict=True):
        session.add_all(ReviewLog(card_id=row.id, **_columns(log)) for log in card.review_logs)


def _write_interviews(
    session: Session, user: User, interviews: list[InterviewRecord]
) -> dict[str, str]:
    """Sessions keep their ids unless another learner's session already has one (then a new one)."""
    taken = data_repo.interview_ids_taken(session, [s.id for s in interviews])
    renamed = {old: str(uuid.uuid4()) for old in sorted(taken)}
    for record in interviews:
        new_id = renamed.get(record.id, record.id)
        session.add(
            InterviewSession(id=new_id, user_id=user.id, **_columns(record, "id", "answers"))
        )
        session.flush()
        session.add_all(InterviewAnswer(session_id=new_id, **_columns(a)) for a in record.answers)
    return renamed
