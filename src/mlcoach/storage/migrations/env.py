"""Alembic environment: runs on the connection mlcoach hands over (see storage.migrate)."""

from alembic import context
from sqlalchemy.engine import Connection

from mlcoach.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` CLI for developers: build from the ini URL
        from mlcoach.storage.db import make_engine

        with make_engine(config.get_main_option("sqlalchemy.url") or "").connect() as conn:
            _run(conn)
            conn.commit()
        return
    _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs batch mode to alter tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
