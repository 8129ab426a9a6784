"""Admin broadcasts, written to the outbox like every other message: the notifier sends them
at Telegram's pace, retries what fails, and carries on after a restart."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.offload import off_loop
from storage.models import User
from storage.outbox import Notice, enqueue


class BroadcastService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @off_loop
    def queue(self, text: str) -> int:
        """One outbox row per active user, all in one transaction; how many."""
        dedup_key = f"broadcast:{uuid.uuid4().hex}"
        with self._sessions.begin() as session:
            users = session.scalars(select(User.id).where(User.is_active).order_by(User.id))
            notices = [Notice(u, "broadcast", dedup_key, {"text": text}) for u in users]
            return enqueue(session, notices)
