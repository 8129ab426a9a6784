"""Replicas follow the database, and the events only for what is not stored yet."""

from __future__ import annotations

from consumers.index import MatchIndex
from consumers.loop import Message
from consumers.replica import PUBLISHED_ACHIEVEMENTS, ReplicaHandler
from mengke.bus import Record
from storage import models
from tests.support.pipeline import add_user, event, fresh_matcher, record

DA001, DA002 = record("achievements", "DA001"), record("achievements", "DA002")


def _messages(*envelopes) -> list[Message]:
    return [
        Message(Record("achievements", 0, n, None, b""), e, e.parsed())
        for n, e in enumerate(envelopes)
    ]


def _replica(context) -> tuple[MatchIndex, ReplicaHandler]:
    index = MatchIndex(fresh_matcher())
    return index, ReplicaHandler(index, context.sessions, PUBLISHED_ACHIEVEMENTS)


def test_an_achievement_not_stored_yet_follows_its_events(context):
    index, replica = _replica(context)

    replica.handle(_messages(event("achievement.published", DA001)))
    assert index.achievement("DA001").title == DA001["title"]
    assert index.matcher.search("晶界扩散 钕铁硼")[0].achievement_id == "DA001"

    replica.handle(_messages(event("achievement.withdrawn", {"id": "DA001"})))
    assert index.achievement("DA001") is None


def test_a_stored_achievement_follows_its_row_not_an_old_event(context):
    with context.sessions.begin() as session:
        session.add(models.Achievement(**DA001, status="withdrawn"))
        session.add(models.Achievement(**{**DA002, "title": "新标题"}, status="published"))
    index, replica = _replica(context)

    outcomes = replica.handle(
        _messages(event("achievement.published", DA001), event("achievement.published", DA002))
    )

    assert outcomes == ["replicated", "replicated"]
    assert index.achievement("DA001") is None  # withdrawn since: the replayed event is stale
    assert index.achievement("DA002").title == "新标题"


def test_a_search_box_loads_the_published_achievements_alone(context):
    with context.sessions.begin() as session:
        add_user(session, 601)
        session.flush()
        session.add(models.Achievement(**DA001, status="published"))
        session.add(models.Achievement(**DA002, status="withdrawn"))
        demand = {**record("demands", "DD001"), "deadline": None}
        session.add(models.Demand(**demand, status="open"))
        session.add(models.Subscription(user_id=601, kind="keyword", keywords=["钕铁硼"]))
    full, search = MatchIndex(fresh_matcher()), MatchIndex(fresh_matcher())

    with context.sessions() as session:
        full.load(session)
        search.load(session, search_only=True)

    assert full.sizes() == (1, 1, 1)
    assert search.sizes() == (1, 0, 0)
    assert search.matcher.search("晶界扩散 钕铁硼")[0].achievement_id == "DA001"
