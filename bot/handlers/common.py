"""/help and /cancel: available in every state."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.dialog import cancel_active_form
from bot.services.users import UserInfo
from bot.texts import T


async def show_help(message: Message, user: UserInfo) -> None:
    await message.answer(T.HELP + (T.HELP_ADMIN if user.is_admin else ""))


async def cancel(message: Message, state: FSMContext) -> None:
    title = await cancel_active_form(state)
    await message.answer(T.NOTHING_TO_CANCEL if title is None else T.CANCELLED.format(form=title))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_help, Command("help"))
    router.message.register(cancel, Command("cancel"))
    return router
