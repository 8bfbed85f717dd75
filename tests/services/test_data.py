"""Export and import of a learner's records: lossless round trip, checks, one transaction."""

from __future__ import annotations

import copy
import json
import os
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import select

from mlcoach.practice.scheduler import Rating, new_state, review
from mlcoach.services import data as service
from mlcoach.services import data_format
from mlcoach.services.coach import Coach
from mlcoach.storage import data_repo
from mlcoach.storage.tables import (
    Attempt,
    Base,
    Card,
    Deck,
    DeckItem,
    InterviewAnswer,
    InterviewSession,
    ReviewLog,
    Story,
    User,
)
from support import MakeCoach, NewDatabase

T0 = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
NOW = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
SESSION_A = "0b6f3c8e-2d1a-4c47-9a53-8f2e1d7c6b5a"


pytestmark = pytest.mark.clock_starts(NOW)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def populate(coach: Coach) -> None:
    """Rows in every table, with unicode, nulls, nested JSON and floats."""
    with coach.learner() as (session, user):
        user.interview_date, user.target_company = "2026-04-20", "google"
        user.hours_per_week, user.timezone = 7.5, "Europe/Berlin"
        user.settings = {"theme": "dark", "nested": {"α": [1, 2.5, None, True, "ü"]}}
        decks = [
            Deck(
                user_id=user.id,
                name="Mes questions ✨",
                source_path="/home/ada/q.md",
                source_sha256="ab" * 32,
                created_at=at(1),
            ),
            Deck(
                user_id=user.id,
                name="Second",
                source_path=None,
                source_sha256=None,
                created_at=at(2),
            ),
        ]
        session.add_all(decks)
        session.flush()
        session.add_all(
            [
                DeckItem(
                    deck_id=decks[0].id,
                    item_id="q-ünï",
                    kind="concept",
                    data={"prompt": "Qu'est-ce que le dropout ?", "key_points": ["a", "b"]},
                    source_line=12,
                ),
                DeckItem(
                    deck_id=decks[0].id, item_id="q-2", kind="concept", data={}, source_line=None
                ),
                DeckItem(deck_id=decks[1].id, item_id="q-2", kind="behavioral", data={"x": 1.25}),
            ]
        )
        session.add_all(
            [
                Attempt(
                    user_id=user.id,
                    item_id="dropout-regularization",
                    item_kind="concept",
                    created_at=at(3),
                    answer="Régularisation — ça marche 🙂\nline two",
                    score=87.5,
                    result={"key_points": [{"covered": True, "evidence": "«x»"}]},
                ),
                Attempt(
                    user_id=user.id,
                    item_id="kmeans",
                    item_kind="challenge",
                    created_at=at(4),
                    answer="def f():\n    return 1\n",
                    verdict="AC",
                    duration_ms=1234,
                    score=None,
                    result={"cases": [{"name": "c1", "status": "passed"}]},
                ),
                Attempt(
                    user_id=user.id,
                    item_id="q-ünï",
                    item_kind="concept",
                    deck_id=decks[0].id,
                    created_at=at(5),
                    answer="",
                    score=0.0,
                    result={},
                ),
            ]
        )
        cards = [
            Card(
                user_id=user.id,
                item_id="dropout-regularization",
                item_kind="concept",
                due=at(60 * 24),
                state=review(new_state(at(0), card_id=1), Rating.Good, at(3)).state,
                created_at=at(3),
                updated_at=at(6),
            ),
            Card(
                user_id=user.id,
                item_id="q-ünï",
                item_kind="concept",
                deck_id=decks[0].id,
                due=at(120),
                state={},
                created_at=at(5),
                updated_at=at(5),
            ),
        ]
        session.add_all(cards)
        session.flush()
        session.add_all(
            [
                ReviewLog(
                    card_id=cards[0].id,
                    rating=3,
                    reviewed_at=at(3),
                    duration_ms=40000,
                    suggested_rating=3,
                    log={"rating": 3},
                ),
                ReviewLog(card_id=cards[0].id, rating=4, reviewed_at=at(6)),
                ReviewLog(card_id=cards[1].id, rating=1, reviewed_at=at(5), suggested_rating=None),
            ]
        )
        second_id = str(uuid.UUID(int=7))
        session.add_all(
            [
                InterviewSession(
                    id=SESSION_A,
                    user_id=user.id,
                    blueprint_id="mini-screen",
                    blueprint={"sections": [{"id": "concepts", "minutes": 10}]},
                    status="finished",
                    started_at=at(10),
                    updated_at=at(40),
                    finished_at=at(40),
                    state={"cursor": 3},
                    report={"overall": 71.5, "notes": "Bien joué"},
                ),
                InterviewSession(
                    id=second_id,
                    user_id=user.id,
                    blueprint_id="mini-screen",
                    status="running",
                    started_at=at(50),
                    updated_at=at(55),
                    finished_at=None,
                    report=None,
                ),
            ]
        )
        session.flush()
        session.add_all(
            [
                InterviewAnswer(
                    session_id=SESSION_A,
                    section_id="concepts",
                    item_id="precision-recall",
                    step=None,
                    answer="Précision…",
                    submitted_at=at(15),
                    timed_out=False,
                    result={"score": 64.0},
                ),
                InterviewAnswer(
                    session_id=SESSION_A,
                    section_id="design",
                    item_id="email-spam-filter",
                    step="requirements",
                    answer="",
                    submitted_at=at(30),
                    timed_out=True,
                ),
                InterviewAnswer(
                    session_id=second_id,
                    section_id="story",
                    item_id="teammate-disagreement",
                    answer="S/T/A/R",
                    submitted_at=at(52),
                ),
            ]
        )
        session.add_all(
            [
                Story(
                    user_id=user.id,
                    title="Migration 🚀",
                    situation="Legacy",
                    task="Move",
                    action="Planned",
                    result="Done",
                    lessons="Test first",
                    tags=["leadership", "données"],
                    created_at=at(7),
                    updated_at=at(8),
                ),
                Story(
                    user_id=user.id, title="Conflict", tags=[], created_at=at(9), updated_at=at(9)
                ),
            ]
        )


def populate_other(coach: Coach) -> None:
    """Another learner in the same database; never exported, never touched by an import."""
    with coach.sessions() as session, session.begin():
        other = User(name="grace", created_at=T0, settings={})
        session.add(other)
        session.flush()
        session.add(
            Attempt(
                user_id=other.id,
                item_id="x",
                item_kind="concept",
                created_at=T0,
                answer="theirs",
                result={},
            )
        )


def counts(coach: Coach) -> dict[str, int]:
    with coach.learner() as (session, user):
        return data_repo.counts_of(session, user)


EXPECTED = {
    "attempts": 3,
    "cards": 2,
    "deck_items": 3,
    "decks": 2,
    "interview_answers": 3,
    "interview_sessions": 2,
    "review_logs": 3,
    "stories": 2,
}


@pytest.fixture()
def exported(make_coach: MakeCoach, tmp_path: Path) -> dict[str, Any]:
    coach = make_coach(data_dir=tmp_path / "a")
    populate_other(coach)
    populate(coach)
    return service.export_user_data(coach)


def test_round_trip_into_a_fresh_database_is_lossless(
    make_coach: MakeCoach, exported: dict[str, Any], tmp_path: Path
) -> None:
    assert service.export_summary(exported) == EXPECTED
    text = json.dumps(exported, ensure_ascii=False, sort_keys=True)
    fresh = make_coach(data_dir=tmp_path / "b")
    result = service.import_user_data(fresh, json.loads(text))
    assert result["imported"] == EXPECTED
    assert counts(fresh) == EXPECTED
    assert service.export_user_data(fresh) == exported


@pytest.mark.postgres
def test_round_trip_from_postgresql_to_sqlite_and_back(
    make_coach: MakeCoach, new_postgres_database: NewDatabase, tmp_path: Path
) -> None:
    urls = [new_postgres_database().render_as_string(hide_password=False) for _ in range(2)]
    coaches = [
        make_coach(data_dir=tmp_path / "pg1", database_url=urls[0]),
        make_coach(data_dir=tmp_path / "lite"),
        make_coach(data_dir=tmp_path / "pg2", database_url=urls[1]),
    ]
    try:
        populate(coaches[0])
        exported = service.export_user_data(coaches[0])
        service.import_user_data(coaches[1], exported)
        assert service.export_user_data(coaches[1]) == exported
        service.import_user_data(coaches[2], service.export_user_data(coaches[1]))
        assert service.export_user_data(coaches[2]) == exported
    finally:
        for coach in coaches:
            coach.engine.dispose()


def test_export_format_names_rows_by_natural_keys_and_times_in_utc(
    exported: dict[str, Any],
) -> None:
    assert exported["format"] == "mlcoach-export"
    assert exported["format_version"] == data_format.FORMAT_VERSION
    assert exported["exported_at"] == "2026-03-09T08:00:00Z"
    assert exported["attempts"][0]["created_at"] == "2026-03-01T12:33:15.123456Z"
    assert [a["deck"] for a in exported["attempts"]] == [None, None, "Mes questions ✨"]
    assert exported["cards"][0]["review_logs"][1]["rating"] == 4
    assert exported["interview_sessions"][0]["id"] == SESSION_A
    assert exported["user"]["settings"]["nested"]["α"] == [1, 2.5, None, True, "ü"]
    assert "theirs" not in json.dumps(exported)  # the other learner's data stays out
    assert "id" not in exported["attempts"][0]


def test_a_corrupted_file_names_every_bad_field_and_imports_nothing(
    make_coach: MakeCoach, exported: dict[str, Any], tmp_path: Path
) -> None:
    bad = copy.deepcopy(exported)
    bad["attempts"][1]["created_at"] = "yesterday"
    bad["cards"][0]["review_logs"][0]["rating"] = "three"
    del bad["stories"][1]["title"]
    bad["decks"][1]["name"] = bad["decks"][0]["name"]
    bad["cards"][1]["deck"] = "no such deck"
    bad["user"]["surprise"] = True
    fresh = make_coach(data_dir=tmp_path / "b")
    with pytest.raises(data_format.DataFileError) as caught:
        service.import_user_data(fresh, bad)
    problems = "\n".join(caught.value.problems)
    for path in (
        "attempts[1].created_at: ",
        "cards[0].review_logs[0].rating: ",
        "stories[1].title: Field required (fix: add this field)",
        "user.surprise: ",
    ):
        assert path in problems
    assert "(fix: " in problems
    assert counts(fresh) == dict.fromkeys(EXPECTED, 0)
    # The structural problems are fixed: the reference problems are reported next, together.
    bad["attempts"][1]["created_at"] = exported["attempts"][1]["created_at"]
    bad["cards"][0]["review_logs"][0]["rating"] = 3
    bad["stories"][1]["title"] = "Conflict"
    del bad["user"]["surprise"]
    with pytest.raises(data_format.DataFileError) as caught:
        service.import_user_data(fresh, bad)
    assert caught.value.problems == [
        "decks[1].name: 'Mes questions ✨' appears 2 times "
        "(fix: each name must be unique; rename or remove the copies)",
        "cards[1].deck: no deck named 'no such deck' in decks "
        "(fix: add that deck to decks, or set deck to null)",
    ]


def test_values_practice_or_the_database_could_not_use_are_refused_up_front(
    make_coach: MakeCoach, exported: dict[str, Any], tmp_path: Path
) -> None:
    bad = copy.deepcopy(exported)
    bad["cards"][0]["state"] = {"stability": 3.2}  # hand-edited: fsrs cannot load it
    bad["cards"][0]["review_logs"][0]["rating"] = 7
    bad["cards"][0]["review_logs"][0]["duration_ms"] = 10**20  # no integer column holds it
    bad["user"]["hours_per_week"] = float("inf")
    fresh = make_coach(data_dir=tmp_path / "b")
    with pytest.raises(data_format.DataFileError) as caught:
        service.import_user_data(fresh, bad)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == [
        "user.hours_per_week",
        "cards[0].state",
        "cards[0].review_logs[0].rating",
        "cards[0].review_logs[0].duration_ms",
    ]
    assert "not an fsrs card" in problems[1] and "write {} to start the card over" in problems[1]
    assert "less than or equal to 4" in problems[2]
    assert counts(fresh) == dict.fromkeys(EXPECTED, 0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "something-else"}, "format: not an mlcoach export"),
        ({"format_version": 99}, "format_version: 99 is newer than this mlcoach reads (1)"),
        ({"exported_at": "2026-03-01T12:00:00"}, "exported_at: Input should have timezone info"),
    ],
)
def test_header_problems(
    make_coach: MakeCoach,
    exported: dict[str, Any],
    tmp_path: Path,
    change: dict[str, Any],
    message: str,
) -> None:
    with pytest.raises(data_format.DataFileError, match=re.escape(message)):
        service.import_user_data(make_coach(data_dir=tmp_path / "b"), {**exported, **change})


def test_not_even_an_object_is_reported(make_coach: MakeCoach, tmp_path: Path) -> None:
    with pytest.raises(data_format.DataFileError, match="not an mlcoach export"):
        service.import_user_data(make_coach(data_dir=tmp_path / "b"), [1, 2, 3])


def test_a_failure_while_writing_rolls_everything_back(
    make_coach: MakeCoach, exported: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = make_coach(data_dir=tmp_path / "b")

    def explode(*args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "_write_interviews", explode)  # after decks, attempts, cards
    with pytest.raises(RuntimeError, match="disk full"):
        service.import_user_data(fresh, exported)
    with fresh.sessions() as session:
        assert session.scalars(select(User)).all() == []
        assert session.scalars(select(Attempt)).all() == []


def test_learner_with_data_is_refused_unless_replace(
    make_coach: MakeCoach, exported: dict[str, Any], tmp_path: Path
) -> None:
    target = make_coach(data_dir=tmp_path / "b")
    populate_other(target)
    with target.learner() as (session, user):
        session.add(
            Attempt(
                user_id=user.id,
                item_id="mine",
                item_kind="concept",
                created_at=NOW,
                answer="keep me?",
                result={},
            )
        )
    with pytest.raises(service.DataError, match=r"already has data \(1 attempts\).*--replace"):
        service.import_user_data(target, exported)
    assert counts(target)["attempts"] == 1
    service.import_user_data(target, exported, replace=True)
    assert service.export_user_data(target) == exported
    with target.sessions() as session:
        assert session.scalars(select(Attempt.answer).where(Attempt.item_id == "x")).all() == [
            "theirs"
        ]


def test_a_saved_profile_alone_counts_as_data(
    make_coach: MakeCoach, exported: dict[str, Any], tmp_path: Path
) -> None:
    target = make_coach(data_dir=tmp_path / "b")
    with target.learner() as (_, user):
        user.hours_per_week = 3
    with pytest.raises(service.DataError, match="a saved profile"):
        service.import_user_data(target, exported)


def test_interview_ids_taken_by_another_learner_get_new_ones(
    make_coach: MakeCoach, exported: dict[str, Any], tmp_path: Path
) -> None:
    database = tmp_path / "shared"
    service.import_user_data(make_coach(data_dir=database, user_name="twin"), exported)
    result = service.import_user_data(make_coach(data_dir=database), exported)
    assert set(result["renamed_interview_sessions"]) == {
        s["id"] for s in exported["interview_sessions"]
    }
    again = service.export_user_data(make_coach(data_dir=database))
    new_id = result["renamed_interview_sessions"][SESSION_A]
    assert again["interview_sessions"][0]["id"] == new_id
    assert again["interview_sessions"][0]["answers"] == exported["interview_sessions"][0]["answers"]


# --- the format keeps up with the schema -------------------------------------------------------

RECORDS: dict[str, type[BaseModel]] = {
    "users": data_format.UserRecord,
    "attempts": data_format.AttemptRecord,
    "cards": data_format.CardRecord,
    "review_logs": data_format.ReviewLogRecord,
    "interview_sessions": data_format.InterviewRecord,
    "interview_answers": data_format.AnswerRecord,
    "decks": data_format.DeckRecord,
    "deck_items": data_format.DeckItemRecord,
    "stories": data_format.StoryRecord,
}
# Keys that become the nesting or a natural key in the file instead of a column.
NOT_IN_RECORDS = {"id", "user_id", "card_id", "session_id", "deck_id"}


@pytest.mark.parametrize("table", sorted(Base.metadata.tables))
def test_every_table_and_column_is_exported(table: str) -> None:
    assert table in RECORDS, f"{table} is not in the export format (services/data_format.py)"
    columns = {c.name for c in Base.metadata.tables[table].columns}
    fields = set(RECORDS[table].model_fields)
    missing = columns - NOT_IN_RECORDS - fields
    assert missing == set(), f"{table}: columns {missing} are not exported"
    if "deck_id" in columns and table != "deck_items":
        assert "deck" in fields
    if table == "interview_sessions":
        assert "id" in fields  # a uuid chosen by the app, kept (other learners aside)


def test_write_atomically_leaves_the_old_file_and_no_partial_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "export.json"
    service.write_atomically(path, b"first")
    assert path.read_bytes() == b"first"

    def disk_full(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="No space left"):
        service.write_atomically(path, b"second")
    assert path.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]
    with pytest.raises(IsADirectoryError):
        service.write_atomically(tmp_path, b"x")
