"""Answering whatever the update was: a message, or a button under an older message."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

log = logging.getLogger(__name__)

Event = Message | CallbackQuery


async def say(event: Event, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A new message in the chat the update came from (private chats: the user's id)."""
    if isinstance(event, Message):
        await event.answer(text, reply_markup=markup)
        return
    await event.bot.send_message(event.from_user.id, text, reply_markup=markup)  # type: ignore[union-attr]


async def edit(event: Event, text: str | None, markup: InlineKeyboardMarkup | None = None) -> None:
    """Change the message a button sits under; old or unchanged messages are left as they are."""
    if not isinstance(event, CallbackQuery) or not isinstance(event.message, Message):
        return
    # Telegram refuses edits of messages older than 48 h and edits that change nothing.
    with contextlib.suppress(TelegramBadRequest):
        if text is None:
            await event.message.edit_reply_markup(reply_markup=markup)
        else:
            await event.message.edit_text(text, reply_markup=markup)


def chosen_suffix(event: CallbackQuery, note: str) -> str:
    """The text of the message under the button, with a line saying what was chosen."""
    original = event.message.html_text if isinstance(event.message, Message) else ""
    return f"{original}\n\n{note}" if original else note


async def notify(
    bot: Bot, user_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """A message to someone other than the sender; False if they cannot be reached now."""
    try:
        await bot.send_message(user_id, text, reply_markup=markup)
    except (TelegramForbiddenError, TelegramBadRequest) as error:
        log.warning("could not notify user %s: %s", user_id, error)
        return False
    return True
