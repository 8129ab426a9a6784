"""What no other handler took: unknown commands, and messages that are not text."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.dialog import active_form_title
from bot.texts import T


async def unknown_command(message: Message, state: FSMContext) -> None:
    title = await active_form_title(state)
    if title is None:
        await message.answer(T.UNKNOWN_COMMAND)
    else:
        await message.answer(T.UNKNOWN_COMMAND_IN_FORM.format(form=title))


async def not_text(message: Message) -> None:
    await message.answer(T.NOT_TEXT)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(not_text)
    return router
