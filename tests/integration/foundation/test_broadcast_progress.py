"""/broadcasts counts each broadcast's outbox rows by where they are now, on both databases
(the counts use COUNT(*) FILTER, which SQLite has only since 3.30)."""

import asyncio

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.services.broadcasts import BroadcastProgress, BroadcastService
from storage.models import Notification, User
from storage.outbox import Notice, enqueue
from tests.support.pipeline import add_user

SENT, WAITING, FAILED, BLOCKED = 701, 702, 703, 704


def _set(sessions: sessionmaker[Session], user_id: int, dedup_key: str, status: str) -> None:
    with sessions.begin() as session:
        session.execute(
            update(Notification)
            .where(Notification.recipient_id == user_id, Notification.dedup_key == dedup_key)
            .values(status=status)
        )


def test_the_latest_broadcasts_come_newest_first_counted_by_outcome(engine):
    sessions = sessionmaker(engine)
    with sessions.begin() as session:
        for user in (SENT, WAITING, FAILED, BLOCKED):
            add_user(session, user)
        session.flush()
        enqueue(session, [Notice(SENT, "recommendation", "match:1", {"text": "不是群发"})])
    service = BroadcastService(sessions)
    assert asyncio.run(service.recent()) == []

    assert asyncio.run(service.queue("第一次群发")) == 4
    assert asyncio.run(service.queue("第二次群发")) == 4
    key = _newest_broadcast(sessions)
    _set(sessions, SENT, key, "sent")
    _set(sessions, FAILED, key, "failed")
    _set(sessions, BLOCKED, key, "failed")
    with sessions.begin() as session:
        session.execute(update(User).where(User.id == BLOCKED).values(is_active=False))

    [newer, older] = asyncio.run(service.recent())

    assert _counts(newer) == ("第二次群发", 1, 1, 1, 1)
    assert _counts(older) == ("第一次群发", 0, 4, 0, 0)
    assert newer.total == 4
    assert newer.queued_at >= older.queued_at
    assert len(asyncio.run(service.recent(limit=1))) == 1


def _counts(progress: BroadcastProgress) -> tuple[str, int, int, int, int]:
    return progress.text, progress.sent, progress.waiting, progress.failed, progress.blocked


def _newest_broadcast(sessions: sessionmaker[Session]) -> str:
    with sessions() as session:
        latest = select(func.max(Notification.id)).scalar_subquery()
        return session.scalar(select(Notification.dedup_key).where(Notification.id == latest))
