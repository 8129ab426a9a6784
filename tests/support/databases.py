"""Fresh, migrated databases for tests: a SQLite file, or a private PostgreSQL schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

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
    with migrate.scratch_schema(url, "t") as scoped:
        engine = create_db_engine(scoped)
        try:
            yield engine
        finally:
            engine.dispose()
