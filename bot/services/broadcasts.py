"""Admin broadcasts, written to the outbox like every other message: the notifier sends them
at Telegram's pace, retries what fails, and carries on after a restart. The outbox rows are
also the record of how far each broadcast got."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.offload import off_loop
from storage.models import Notification, User
from storage.outbox import Notice, enqueue

_PREFIX = "broadcast:"


@dataclass(frozen=True)
class BroadcastProgress:
    queued_at: datetime
    text: str
    sent: int
    waiting: int  # not sent yet, retries included
    failed: int  # out of retries; `mengke notifier --retry-failed` sends them again
    blocked: int  # the user blocked the bot: never retried

    @property
    def total(self) -> int:
        return self.sent + self.waiting + self.failed + self.blocked


class BroadcastService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @off_loop
    def queue(self, text: str) -> int:
        """One outbox row per active user, all in one transaction; how many."""
        dedup_key = f"{_PREFIX}{uuid.uuid4().hex}"
        with self._sessions.begin() as session:
            users = session.scalars(select(User.id).where(User.is_active).order_by(User.id))
            notices = [Notice(u, "broadcast", dedup_key, {"text": text}) for u in users]
            return enqueue(session, notices)

    @off_loop
    def recent(self, limit: int = 5) -> list[BroadcastProgress]:
        """The latest broadcasts, newest first, counted by where their messages are now."""
        status, active = Notification.status, User.is_active
        counted = (
            select(
                Notification.dedup_key,
                func.min(Notification.id).label("first"),
                func.min(Notification.created_at).label("queued_at"),
                func.count().filter(status == "sent").label("sent"),
                func.count().filter(status == "pending").label("waiting"),
                func.count().filter(and_(status == "failed", active)).label("failed"),
                func.count().filter(and_(status == "failed", ~active)).label("blocked"),
            )
            .join(User, User.id == Notification.recipient_id)
            .where(Notification.kind == "broadcast", Notification.dedup_key.startswith(_PREFIX))
            .group_by(Notification.dedup_key)
            .order_by(func.min(Notification.id).desc())
            .limit(limit)
        )
        with self._sessions() as session:
            rows = session.execute(counted).all()
            first = [row.first for row in rows]
            texts = dict(
                session.execute(
                    select(Notification.id, Notification.payload).where(Notification.id.in_(first))
                ).all()
            )
        return [
            BroadcastProgress(
                row.queued_at,
                texts[row.first].get("text", ""),
                row.sent,
                row.waiting,
                row.failed,
                row.blocked,
            )
            for row in rows
        ]
