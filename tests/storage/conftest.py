"""Fixtures for the storage tests: an empty database of each backend."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, Engine, create_engine, text

from mlcoach.storage.db import make_engine


def postgres_engine(database: URL) -> Engine:
    """An engine on a new, empty schema of `database`, so tests sharing it never meet."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    setup = create_engine(database, isolation_level="AUTOCOMMIT")
    with setup.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    setup.dispose()
    url = database.update_query_dict({"options": f"-csearch_path={schema}"})
    return make_engine(url.render_as_string(hide_password=False))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database of each backend (the SQLite file's folder does not exist
    yet: make_engine creates it, as it does for a learner's first run)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'mlcoach.sqlite3'}")
    else:
        engine = postgres_engine(request.getfixturevalue("postgres_database"))
    yield engine
    engine.dispose()
