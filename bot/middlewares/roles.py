"""Role checks declared on handlers as `flags={"role": ...}`, enforced before the handler runs.

A refused user gets a clear answer instead of silence, whether they typed the command or
tapped an old button: hiding buttons is not access control.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.services.users import UserInfo
from bot.texts import T

Role = Literal["admin", "broker", "enterprise"]

REFUSALS: dict[Role, str] = {
    "admin": T.ADMIN_ONLY,
    "broker": T.BROKER_ONLY,
    "enterprise": T.NEED_ENTERPRISE,
}


def has_role(user: UserInfo | None, role: Role) -> bool:
    if user is None:
        return False
    if role == "admin":
        return user.is_admin
    if role == "broker":
        return user.is_broker
    return user.enterprise_id is not None


class RoleMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        role: Role | None = get_flag(data, "role")
        if role is None or has_role(data.get("user"), role):
            return await handler(event, data)
        if isinstance(event, CallbackQuery):
            await event.answer(REFUSALS[role], show_alert=True)
        elif isinstance(event, Message):
            await event.answer(REFUSALS[role])
        return None
