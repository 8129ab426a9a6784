"""The last resort: an unexpected error is logged and the user gets an apology, not silence.

The dialog state is untouched, so whatever the user had entered is still there.
"""

from __future__ import annotations

import contextlib
import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent

from bot.texts import T

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent) -> bool:
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    update = event.update
    # The apology itself may fail (Telegram down): that must not raise from the error handler.
    with contextlib.suppress(TelegramAPIError):
        if update.callback_query is not None:
            await update.callback_query.answer(T.INTERNAL_ERROR, show_alert=True)
        elif update.message is not None:
            await update.message.answer(T.INTERNAL_ERROR)
    return True


def create_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(on_error)
    return router
