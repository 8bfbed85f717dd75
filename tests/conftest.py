"""Fixtures shared by several test folders: fresh PostgreSQL databases.

A test that needs PostgreSQL is marked `postgres` and runs against the server named by
MLCOACH_TEST_POSTGRES_URL; without that variable it is skipped with the fix.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest
from sqlalchemy import URL, Engine, create_engine, text

from support import NewDatabase

POSTGRES_ENV = "MLCOACH_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """A connection to the test server that may create and drop databases."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(
            f"{POSTGRES_ENV} is not set; set it to a PostgreSQL URL such as "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test to run the PostgreSQL tests"
        )
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    yield admin
    admin.dispose()


@contextmanager
def fresh_database(admin: Engine) -> Iterator[URL]:
    """An empty database on the test server, dropped (whoever is still connected) on exit."""
    name = f"mlcoach_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres_database(postgres_admin: Engine) -> Iterator[URL]:
    """One fresh database for the run; tests keep apart in schemas of their own."""
    with fresh_database(postgres_admin) as url:
        yield url


@pytest.fixture()
def new_postgres_database(postgres_admin: Engine) -> Iterator[NewDatabase]:
    """Makes fresh databases for one test (as many as it asks for), dropped after it."""
    with ExitStack() as stack:
        yield lambda: stack.enter_context(fresh_database(postgres_admin))
