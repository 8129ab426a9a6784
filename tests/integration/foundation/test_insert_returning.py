"""insert_returning: the same rows come back on SQLite (SQLAlchemy's multi-VALUES) and on
PostgreSQL (psycopg's pipelined executemany), defaults filled in and JSON stored as JSON."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Achievement, Demand, Match
from storage.sql import insert, insert_returning


@pytest.fixture(autouse=True)
def pairs_to_match(engine):
    with Session(engine) as session:
        session.add_all([Achievement(id=f"A{n}", title="储能") for n in range(3)])
        session.add(Demand(id="D1", title="储能电站"))
        session.commit()


def _insert(session: Session, achievement_ids: list[str]) -> list[tuple]:
    table = Match.__table__
    statement = (
        insert(session, Match)
        .on_conflict_do_nothing(index_elements=["demand_id", "achievement_id"])
        .returning(table.c.demand_id, table.c.achievement_id)
    )
    rows = [
        {
            "demand_id": "D1",
            "achievement_id": a,
            "score": 61.5,
            "reasons": [{"demand_term": "储能", "achievement_term": "储能", "similarity": 100.0}],
            "factors": {"keywords": 40.0},
            "direction": "demand→supply",
        }
        for a in achievement_ids
    ]
    return insert_returning(session, statement, rows)


def test_returns_only_the_rows_it_created_in_order(engine):
    with Session(engine) as session, session.begin():
        assert _insert(session, ["A0", "A1"]) == [("D1", "A0"), ("D1", "A1")]
    with Session(engine) as session, session.begin():
        assert _insert(session, ["A1", "A2"]) == [("D1", "A2")]
    with Session(engine) as session:
        stored = session.scalars(select(Match).order_by(Match.achievement_id)).all()
    assert [m.achievement_id for m in stored] == ["A0", "A1", "A2"]
    assert {m.status for m in stored} == {"recommended"}  # the column default
    assert stored[0].reasons[0]["achievement_term"] == "储能"
    assert stored[0].factors == {"keywords": 40.0}
    assert all(m.created_at is not None and not m.alert for m in stored)


def test_nothing_to_insert_returns_nothing(engine):
    with Session(engine) as session, session.begin():
        assert _insert(session, []) == []


def test_part_of_the_session_transaction(engine):
    with Session(engine) as session:
        _insert(session, ["A0"])
        session.rollback()
    with Session(engine) as session:
        assert session.scalars(select(Match)).all() == []
