"""Importing the same files twice creates nothing new downstream (embedded pipeline)."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from mengke.cli import app
from storage import models
from storage.db import create_db_engine
from tests.support.paths import devset

TABLES = (models.Achievement, models.Demand, models.Match, models.ProcessedEvent)


def counts(url: str) -> dict[str, int]:
    engine = create_db_engine(url)
    try:
        with Session(engine) as session:
            return {
                table.__tablename__: session.scalar(select(func.count()).select_from(table))
                for table in TABLES
            }
    finally:
        engine.dispose()


def import_devset(runner: CliRunner) -> None:
    for kind in ("achievements", "demands"):
        result = runner.invoke(app, ["import", kind, str(devset() / f"{kind}.jsonl")])
        assert result.exit_code == 0, result.output


def test_reimporting_the_devset_adds_no_rows_and_no_matches(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'mengke.db'}"
    monkeypatch.setenv("MENGKE_DB__URL", url)
    monkeypatch.setenv("MENGKE_LOG_LEVEL", "WARNING")
    runner = CliRunner()

    import_devset(runner)
    first = counts(url)
    import_devset(runner)

    assert first["achievements"] == 80
    assert first["demands"] == 30
    assert first["matches"] > 0
    assert counts(url) == first
