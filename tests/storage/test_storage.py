"""Storage on SQLite (always) and PostgreSQL (when MLCOACH_TEST_POSTGRES_URL is set).

For PostgreSQL a uniquely named database is created for the test run and dropped afterwards;
each test gets its own schema inside it, so tests never see each other's tables (the fixtures
are in tests/conftest.py and tests/storage/conftest.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from mlcoach.storage.db import make_engine, session_factory, transaction
from mlcoach.storage.migrate import current_revision, head_revision, upgrade
from mlcoach.storage.practice_repo import data_version
from mlcoach.storage.tables import (
    Attempt,
    Base,
    Card,
    Deck,
    DeckItem,
    InterviewAnswer,
    InterviewSession,
    ReviewLog,
    User,
)

T0 = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    upgrade(empty_engine)
    return empty_engine


def add_user(session: Session, name: str = "ada") -> User:
    user = User(name=name, created_at=T0)
    session.add(user)
    session.flush()
    return user


# --- migrations ------------------------------------------------------------------------------


def test_upgrade_brings_an_empty_database_to_head(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None
    upgrade(empty_engine)
    assert head_revision() is not None
    assert current_revision(empty_engine) == head_revision()
    tables = set(inspect(empty_engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_upgrade_twice_is_a_no_op(engine: Engine) -> None:
    with transaction(session_factory(engine)) as session:
        add_user(session)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with session_factory(engine)() as session:
        assert session.scalars(select(User.name)).all() == ["ada"]


def test_migrations_match_the_table_definitions(engine: Engine) -> None:
    """The schema the migrations build is the one tables.py declares (no drift)."""
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_sqlite_file_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "db.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert path.is_file()
    finally:
        engine.dispose()


# --- time --------------------------------------------------------------------------------------


def test_aware_datetimes_round_trip_as_utc(engine: Engine) -> None:
    plus_two = timezone(timedelta(hours=2))
    local = datetime(2026, 3, 1, 14, 30, 15, 123456, tzinfo=plus_two)
    with transaction(session_factory(engine)) as session:
        session.add(User(name="ada", created_at=local))
    with session_factory(engine)() as session:
        stored = session.scalars(select(User.created_at)).one()
    assert stored == T0
    assert stored.utcoffset() == timedelta(0)
    assert stored.tzinfo == UTC


def test_sqlite_stores_utc_wall_time(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        upgrade(engine)
        local = T0.astimezone(timezone(timedelta(hours=-5)))
        with transaction(session_factory(engine)) as session:
            session.add(User(name="ada", created_at=local))
        with engine.connect() as conn:
            raw = conn.exec_driver_sql("SELECT created_at FROM users").scalar()
        assert str(raw).startswith("2026-03-01 12:30:15")
    finally:
        engine.dispose()


def test_naive_datetime_is_rejected(engine: Engine) -> None:
    factory = session_factory(engine)
    with pytest.raises(StatementError, match="naive datetime"), transaction(factory) as session:
        session.add(User(name="ada", created_at=datetime(2026, 3, 1, 12, 0)))
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


# --- integrity -----------------------------------------------------------------------------------


def _populate(session: Session) -> int:
    user = add_user(session)
    deck = Deck(user_id=user.id, name="my deck", created_at=T0)
    session.add(deck)
    session.flush()
    session.add(DeckItem(deck_id=deck.id, item_id="q1", kind="concept"))
    card = Card(
        user_id=user.id,
        item_id="dropout",
        item_kind="concept",
        due=T0,
        created_at=T0,
        updated_at=T0,
    )
    session.add(card)
    session.flush()
    session.add(ReviewLog(card_id=card.id, rating=3, reviewed_at=T0))
    session.add(
        Attempt(
            user_id=user.id,
            item_id="dropout",
            item_kind="concept",
            created_at=T0,
            answer="It zeroes units at random.",
        )
    )
    interview = InterviewSession(
        id=str(uuid.uuid4()),
        user_id=user.id,
        blueprint_id="phone-screen",
        status="running",
        started_at=T0,
        updated_at=T0,
    )
    session.add(interview)
    session.flush()
    session.add(
        InterviewAnswer(
            session_id=interview.id, section_id="intro", item_id="x", answer="...", submitted_at=T0
        )
    )
    return user.id


def test_the_data_fingerprint_reads_on_every_backend_and_moves_with_the_data(
    engine: Engine,
) -> None:
    """The web app's page cache keys on it; PostgreSQL once refused the empty-table case."""
    factory = session_factory(engine)
    with transaction(factory) as session:
        empty = data_version(session, add_user(session, "nobody-yet"))
    with transaction(factory) as session:
        user = session.get(User, _populate(session))
        assert user is not None
        filled = data_version(session, user)
    assert empty[:6] == ("0:",) * 6
    assert all(part.startswith("1:") and len(part) > 2 for part in filled[:6])


CHILD_TABLES = (Deck, DeckItem, Card, ReviewLog, Attempt, InterviewSession, InterviewAnswer)


def _counts(session: Session) -> dict[str, int]:
    return {
        table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
        for table in CHILD_TABLES
    }


def test_deleting_a_user_cascades_to_everything_they_own(engine: Engine) -> None:
    factory = session_factory(engine)
    with transaction(factory) as session:
        user_id = _populate(session)
    with factory() as session:
        assert set(_counts(session).values()) == {1}
    with transaction(factory) as session:
        session.delete(session.get_one(User, user_id))
    with factory() as session:
        assert set(_counts(session).values()) == {0}


def test_deleting_a_deck_cascades_to_its_items(engine: Engine) -> None:
    factory = session_factory(engine)
    with transaction(factory) as session:
        _populate(session)
    with transaction(factory) as session:
        session.delete(session.scalars(select(Deck)).one())
    with factory() as session:
        counts = _counts(session)
    assert counts["decks"] == counts["deck_items"] == 0
    assert counts["cards"] == counts["attempts"] == 1


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with pytest.raises(IntegrityError), transaction(session_factory(engine)) as session:
        session.add(
            Attempt(
                user_id=999, item_id="dropout", item_kind="concept", created_at=T0, answer="orphan"
            )
        )


@pytest.mark.parametrize("duplicate", ["user name", "card", "deck name", "deck item"])
def test_unique_constraints(engine: Engine, duplicate: str) -> None:
    factory = session_factory(engine)
    with transaction(factory) as session:
        _populate(session)
    with transaction(factory) as session:
        user = session.scalars(select(User)).one()
        deck = session.scalars(select(Deck)).one()
        session.add(User(name="grace", created_at=T0))  # different name: fine
        session.add(DeckItem(deck_id=deck.id, item_id="q2", kind="concept"))
    rows = {
        "user name": User(name="ada", created_at=T0),
        "card": Card(
            user_id=user.id,
            item_id="dropout",
            item_kind="concept",
            due=T0,
            created_at=T0,
            updated_at=T0,
        ),
        "deck name": Deck(user_id=user.id, name="my deck", created_at=T0),
        "deck item": DeckItem(deck_id=deck.id, item_id="q1", kind="concept"),
    }
    with pytest.raises(IntegrityError), transaction(factory) as session:
        session.add(rows[duplicate])
