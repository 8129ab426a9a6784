"""Technology brokers: applying, an admin's decision, and the industries/regions they cover."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.offload import off_loop
from bot.services.users import UserInfo, UserService
from storage.models import BrokerScope, User

Application = Literal["applied", "pending", "approved"]


class BrokerService:
    def __init__(self, sessions: sessionmaker[Session], users: UserService) -> None:
        self._sessions = sessions
        self._users = users

    @off_loop
    def apply(self, user_id: int) -> Application:
        """File an application; a pending or approved broker is told where they stand."""
        with self._sessions.begin() as session:
            user = session.get(User, user_id)
            if user is None:
                raise LookupError(user_id)
            if user.role == "broker" and user.broker_status in ("pending", "approved"):
                return user.broker_status  # type: ignore[return-value]
            user.role, user.broker_status = "broker", "pending"
            return "applied"

    @off_loop
    def decide(self, user_id: int, approve: bool) -> UserInfo | None:
        """Approve or reject a pending application; None when there is none for this user."""
        with self._sessions.begin() as session:
            user = session.get(User, user_id)
            if user is None or user.broker_status != "pending":
                return None
            if approve:
                user.broker_status = "approved"
            else:
                # Back to what they were: their enterprise link, if any, is kept.
                user.role, user.broker_status = "enterprise", None
            return self._users.info(session, user)

    @off_loop
    def pending(self) -> list[UserInfo]:
        with self._sessions() as session:
            users = session.scalars(
                select(User).where(User.broker_status == "pending").order_by(User.created_at)
            )
            return [self._users.info(session, user) for user in users]

    @off_loop
    def set_scope(self, user_id: int, industries: list[str], regions: list[str]) -> None:
        """Empty lists mean "any industry" / "any region"."""
        with self._sessions.begin() as session:
            scope = session.get(BrokerScope, user_id) or BrokerScope(user_id=user_id)
            scope.industries, scope.regions = list(industries), list(regions)
            session.add(scope)
