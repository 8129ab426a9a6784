"""The schema, migrated from empty, on both databases the project supports."""

import pytest

from tests.support.databases import migrated_postgres, migrated_sqlite


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        context = migrated_sqlite(tmp_path)
    else:
        context = migrated_postgres(request.getfixturevalue("postgres_url"))
    with context as migrated:
        yield migrated
