"""Alembic environment: the URL comes from the caller (`mengke db upgrade`), never from a file."""

from alembic import context
from sqlalchemy import create_engine

from storage.models import Base

# APScheduler creates and owns its job table; autogenerate must not drop it.
_FOREIGN_TABLES = {"apscheduler_jobs"}


def _include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (type_ == "table" and name in _FOREIGN_TABLES)


def run_migrations() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=_include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
