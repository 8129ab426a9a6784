"""Fresh, migrated databases for tests: a SQLite file, or a private PostgreSQL schema."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from storage import migrate
from storage.db import create_db_engine


@contextmanager
def migrated_sqlite(directory: Path) -> Iterator[Engine]:
    engine = create_db_engine(f"sqlite:///{directory / 'mengke.db'}")
    migrate.upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def migrated_postgres(url: str) -> Iterator[Engine]:
    """A schema of its own on the shared test database, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        migrate.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
