"""Telegram users: who they are, which role they have, which enterprise they speak for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.services.offload import off_loop
from storage.models import Enterprise, User


@dataclass(frozen=True)
class UserInfo:
    id: int
    full_name: str | None
    role: str
    broker_status: str | None
    enterprise_id: str | None
    enterprise_name: str | None
    is_admin: bool

    @property
    def is_broker(self) -> bool:
        return self.role == "broker" and self.broker_status == "approved"


class UserService:
    def __init__(self, sessions: sessionmaker[Session], admin_ids: Iterable[int]) -> None:
        self._sessions = sessions
        self._admin_ids = frozenset(admin_ids)

    def info(self, session: Session, user: User) -> UserInfo:
        enterprise = session.get(Enterprise, user.enterprise_id) if user.enterprise_id else None
        return UserInfo(
            id=user.id,
            full_name=user.full_name,
            role=user.role,
            broker_status=user.broker_status,
            enterprise_id=user.enterprise_id,
            enterprise_name=enterprise.name if enterprise else None,
            is_admin=user.id in self._admin_ids,
        )

    @off_loop
    def ensure(self, user_id: int, full_name: str | None) -> UserInfo:
        """The user's record, created on first contact (reactivated if they blocked us once)."""
        with self._sessions.begin() as session:
            user = session.get(User, user_id)
            if user is None:
                user = User(id=user_id, full_name=full_name, role="enterprise", is_active=True)
                session.add(user)
                session.flush()
            elif not user.is_active:
                user.is_active = True
            return self.info(session, user)

    @off_loop
    def link_enterprise(self, user_id: int, enterprise_id: str) -> None:
        with self._sessions.begin() as session:
            user = session.get(User, user_id)
            if user is not None:
                user.enterprise_id = enterprise_id

    @off_loop
    def deactivate(self, user_id: int) -> None:
        """The user blocked the bot: stop writing to them until they come back."""
        with self._sessions.begin() as session:
            user = session.get(User, user_id)
            if user is not None:
                user.is_active = False

    @property
    def admin_ids(self) -> frozenset[int]:
        return self._admin_ids
