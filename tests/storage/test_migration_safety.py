"""No migration loses data: for each revision R, a database made by R's parent and filled with
rows in every table is upgraded to R and then to head, and every row and value is still there.

Rows are written with raw `sa.Table` reflection of the old schema (not today's ORM models), with
unicode text, nested JSON, nulls and the longest strings each column allows. Runs on SQLite,
and on PostgreSQL when MLCOACH_TEST_POSTGRES_URL is set (the `empty_engine` of conftest.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from mlcoach.storage.migrate import alembic_config, current_revision, head_revision, upgrade

T0 = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
ROWS_PER_TABLE = 3  # row 0 fills every column, row 1 leaves the nullable ones null, row 2 maxes


def revision_steps() -> list[tuple[str, str]]:
    """(previous, revision) for every revision after the first, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    steps = []
    for revision in reversed(list(script.walk_revisions())):
        if revision.down_revision is None:
            continue
        assert isinstance(revision.down_revision, str), "merge revisions need their own test"
        steps.append((revision.down_revision, revision.revision))
    return steps


STEPS = revision_steps()


# --- rows for whatever tables a revision has -----------------------------------------------------


def sample(column: sa.Column[Any], row: int, dialect: str) -> Any:
    """A value of the column's type; unique per row so unique constraints hold."""
    kind = column.type
    if row == 1 and column.nullable and not column.primary_key:
        return None
    if isinstance(kind, sa.JSON):
        return {"row": row, "text": "naïve café ✓ 🚀", "nested": [1, 2.5, None, True, {"k": []}]}
    if isinstance(kind, sa.Boolean):
        return row % 2 == 0
    if isinstance(kind, sa.Integer):
        return 100 + row
    if isinstance(kind, sa.Float | sa.Numeric):
        return 0.1 + row * 1.25
    if isinstance(kind, sa.DateTime):
        moment = T0 + timedelta(days=row, microseconds=row)
        return moment.replace(tzinfo=None) if dialect == "sqlite" else moment
    assert isinstance(kind, sa.String), f"{column.table.name}.{column.name}: add a sample {kind!r}"
    return _text(kind.length, row)


def _text(length: int | None, row: int) -> str:
    """Row 2 fills the column to its declared length; every text carries non-ASCII letters."""
    base = f"{row}-«données» ✓ "
    if length is None:
        return base * (3 if row == 2 else 1) + "\nline two"
    filled = (base * (length // len(base) + 1))[:length]
    return filled if row == 2 else base[: min(length, len(base))]


def fill(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Insert ROWS_PER_TABLE rows into every table (parents first); return what was written."""
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    written: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [_row(table, i, written, engine.dialect.name) for i in range(ROWS_PER_TABLE)]
            conn.execute(table.insert(), rows)
            written[table.name] = rows
    return written


def _row(
    table: sa.Table, index: int, written: dict[str, list[dict[str, Any]]], dialect: str
) -> dict[str, Any]:
    row = {}
    for column in table.columns:
        foreign = next(iter(column.foreign_keys), None)
        if foreign is not None:
            parent = written[foreign.column.table.name][index]
            row[column.name] = parent[foreign.column.name]
        elif column.primary_key and isinstance(column.type, sa.String):
            row[column.name] = str(uuid.UUID(int=index + 1))
        else:
            row[column.name] = sample(column, index, dialect)
    return row


def assert_all_there(engine: Engine, written: dict[str, list[dict[str, Any]]]) -> None:
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    with engine.connect() as conn:
        for name, rows in written.items():
            assert name in metadata.tables, f"table {name} disappeared"
            table = metadata.tables[name]
            stored = [dict(r._mapping) for r in conn.execute(sa.select(table))]
            key = [c.name for c in table.primary_key.columns]
            stored_by_key = {tuple(r[k] for k in key): r for r in stored}
            assert len(stored) == len(rows), f"{name}: {len(rows)} rows became {len(stored)}"
            for row in rows:
                now = stored_by_key[tuple(row[k] for k in key)]
                for column, value in row.items():
                    assert _same(now[column], value), (
                        f"{name}.{column}: {value!r} -> {now[column]!r}"
                    )


def _same(now: Any, before: Any) -> bool:
    both_times = isinstance(now, datetime) and isinstance(before, datetime)
    if both_times and (now.tzinfo is None) != (before.tzinfo is None):
        # SQLite hands back naive UTC; only the zone's spelling differs
        now, before = now.replace(tzinfo=UTC), before.replace(tzinfo=UTC)
    return bool(now == before)


# --- the test --------------------------------------------------------------------------------------


def test_there_is_something_to_check() -> None:
    assert STEPS, "only one revision: add a step when the second migration lands"
    assert STEPS[-1][1] == head_revision()


@pytest.mark.parametrize(("previous", "revision"), STEPS, ids=[f"{p}->{r}" for p, r in STEPS])
def test_upgrade_keeps_every_row(empty_engine: Engine, previous: str, revision: str) -> None:
    upgrade(empty_engine, previous)
    assert current_revision(empty_engine) == previous
    written = fill(empty_engine)
    assert written, f"revision {previous} has no tables to fill"
    upgrade(empty_engine, revision)
    assert current_revision(empty_engine) == revision
    assert_all_there(empty_engine, written)
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    assert_all_there(empty_engine, written)
