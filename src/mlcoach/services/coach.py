"""The one library object behind the CLI and the web app: settings, bank, database, clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mlcoach.content import Bank, load_bank
from mlcoach.grading import Embedder, shared_embedder
from mlcoach.settings import Settings
from mlcoach.storage.db import make_engine, session_factory, transaction
from mlcoach.storage.migrate import upgrade
from mlcoach.storage.repositories import get_or_create_user
from mlcoach.storage.tables import User

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class Coach:
    """Built once per process by a shell (CLI command, web app) and passed to use-cases."""

    def __init__(self, settings: Settings, clock: Clock = system_clock):
        self.settings = settings
        self.clock = clock

    @cached_property
    def bank(self) -> Bank:
        return load_bank(self.settings.content_dir).bank

    @cached_property
    def engine(self) -> Engine:
        engine = make_engine(self.settings.effective_database_url)
        upgrade(engine)  # a learner never has to remember `db upgrade`
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    @cached_property
    def embedder(self) -> Embedder:
        """The local sentence model, loaded on first use only (grading needs it, browsing not)."""
        return shared_embedder()

    @contextmanager
    def learner(self) -> Iterator[tuple[Session, User]]:
        """One unit of work with the local learner's row (created on first use)."""
        with transaction(self.sessions) as session:
            yield session, get_or_create_user(session, self.settings.user_name, self.now())

    def now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the clock must return timezone-aware datetimes")
        return now.astimezone(UTC)
