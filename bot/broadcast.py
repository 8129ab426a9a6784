"""Admin broadcasts, sent in the background at a pace Telegram accepts (≈25 messages/s)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError, TelegramRetryAfter

from bot.services.users import UserService
from bot.texts import T

log = logging.getLogger(__name__)
PAUSE_SECONDS = 0.04


@dataclass(frozen=True)
class BroadcastResult:
    sent: int
    failed: int


class Broadcaster:
    def __init__(self, users: UserService, pause_seconds: float = PAUSE_SECONDS) -> None:
        self._users = users
        self._pause = pause_seconds
        # The event loop keeps only weak references to tasks.
        self._running: set[asyncio.Task[None]] = set()

    def start(self, bot: Bot, admin_id: int, text: str, recipients: Sequence[int]) -> None:
        task = asyncio.create_task(self._run(bot, admin_id, text, recipients))
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def join(self) -> None:
        """Wait for the broadcasts under way (a stopping bot lets them finish)."""
        await asyncio.gather(*self._running)

    async def _run(self, bot: Bot, admin_id: int, text: str, recipients: Sequence[int]) -> None:
        result = await self.send_all(bot, text, recipients)
        await bot.send_message(
            admin_id, T.BROADCAST_DONE.format(sent=result.sent, failed=result.failed)
        )

    async def send_all(self, bot: Bot, text: str, recipients: Sequence[int]) -> BroadcastResult:
        sent = 0
        for user_id in recipients:
            sent += await self._send_one(bot, user_id, text)
            await asyncio.sleep(self._pause)
        return BroadcastResult(sent, len(recipients) - sent)

    async def _send_one(self, bot: Bot, user_id: int, text: str) -> bool:
        for _ in range(2):
            try:
                await bot.send_message(user_id, text)
                return True
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)
            except TelegramForbiddenError:
                await self._users.deactivate(user_id)
                return False
            except TelegramAPIError as error:
                log.warning("broadcast to %s failed: %s", user_id, error)
                return False
        return False
