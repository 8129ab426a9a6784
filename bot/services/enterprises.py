"""Enterprise registration: the form becomes an enterprise event; the user is linked to it."""

from __future__ import annotations

from typing import Any

from bot.services.publisher import EventPublisher
from bot.services.users import UserInfo, UserService
from mengke.events import Enterprise


def enterprise_id_for(user_id: int) -> str:
    # One enterprise per contact; a stable id makes re-registration an update, not a duplicate.
    return f"tg{user_id}"


class EnterpriseService:
    def __init__(self, publisher: EventPublisher, users: UserService) -> None:
        self._publisher = publisher
        self._users = users

    async def register(self, user: UserInfo, values: dict[str, Any]) -> Enterprise:
        enterprise = Enterprise(
            id=user.enterprise_id or enterprise_id_for(user.id),
            name=values["name"],
            region=values.get("region"),
            industry=values.get("industry"),
            qualifications=values.get("qualifications") or [],
            size=values.get("size"),
            contact_user_id=user.id,
        )
        event = "enterprise.updated" if user.enterprise_id else "enterprise.registered"
        await self._publisher.publish(event, enterprise)
        await self._users.link_enterprise(user.id, enterprise.id)
        return enterprise
