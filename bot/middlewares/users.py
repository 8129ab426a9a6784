"""Puts the sender's record into the handler data as `user` (created on first contact)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, User

from bot.services.users import UserService


class UserMiddleware(BaseMiddleware):
    def __init__(self, users: UserService) -> None:
        self._users = users

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: User | None = data.get("event_from_user")
        if sender is not None and not sender.is_bot:
            data["user"] = await self._users.ensure(sender.id, sender.full_name)
        return await handler(event, data)
