"""Groups and channels: the bot does its business in private chats only."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import Message

from bot.texts import T


async def private_only(message: Message) -> None:
    await message.answer(T.PRIVATE_ONLY)


async def ignore(message: Message) -> None:
    """Held, not answered: a dialog or a search in a group would show an enterprise's
    business to everyone in it, and a bot that answers every group message is noise."""


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(F.chat.type != ChatType.PRIVATE)
    router.message.register(private_only, F.text.startswith("/"))
    router.message.register(ignore)
    return router
