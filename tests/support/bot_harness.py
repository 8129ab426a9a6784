"""Driving the bot's dispatcher in-process, in the style of aiogram's own tests.

`RecordingSession` is a BaseSession that answers every Bot API call with a plausible result and
records it; `BotHarness` feeds real `Update` objects through `Dispatcher.feed_update` and
returns the calls each update caused.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import redis.asyncio as aioredis
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import TelegramMethod
from aiogram.types import (
    CallbackQuery,
    Chat,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
    User,
)

from bot.app import create_dispatcher, create_storage
from mengke.settings import BotSettings

BOT_ID = 42
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "蒙科聚", "username": "mengke_test_bot"}
MESSAGE_METHODS = ("sendMessage", "sendPhoto", "editMessageText")


@dataclass(frozen=True)
class SentCall:
    method: str
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of every inline button, row by row."""
        markup = self.params.get("reply_markup")
        if not isinstance(markup, InlineKeyboardMarkup):
            return []
        return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]


@dataclass
class _Failure:
    method: str
    status: int
    description: str
    chat_id: int | None


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[SentCall] = []
        self.failures: list[_Failure] = []
        self._message_ids = itertools.count(5000)

    def fail_next(
        self, method: str, status: int, description: str, chat_id: int | None = None
    ) -> None:
        """Answer the next call of `method` (to `chat_id`, if given) with this error."""
        self.failures.append(_Failure(method, status, description, chat_id))

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        name = method.__api_method__
        params = {key: getattr(method, key) for key in type(method).model_fields}
        self.calls.append(SentCall(name, params))
        failure = next(
            (
                f
                for f in self.failures
                if f.method == name and f.chat_id in (None, params.get("chat_id"))
            ),
            None,
        )
        if failure is not None:
            self.failures.remove(failure)
            body = {"ok": False, "error_code": failure.status, "description": failure.description}
            return self.check_response(bot, method, failure.status, json.dumps(body)).result
        body = {"ok": True, "result": self._result(name, params)}
        return self.check_response(bot, method, 200, json.dumps(body, default=str)).result

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name not in ("sendMessage", "sendPhoto", "editMessageText"):
            return True
        message = {
            "message_id": params.get("message_id") or next(self._message_ids),
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "from": BOT_USER,
        }
        if isinstance(params.get("text"), str):
            message["text"] = params["text"]
        return message

    async def close(self) -> None:
        """Nothing to release."""

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        yield b""


def _user(user_id: int, first_name: str) -> User:
    return User(id=user_id, is_bot=False, first_name=first_name, language_code="zh")


@dataclass
class BotHarness:
    dispatcher: Dispatcher
    bot: Bot
    session: RecordingSession
    names: dict[int, str] = field(default_factory=dict)
    last_update: Update | None = None
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def send(
        self, user_id: int, text: str | None, *, group: int | None = None, **extra: Any
    ) -> list[SentCall]:
        """A message from `user_id` (text None: a sticker-like message without text), in the
        private chat or, with `group`, in that group."""
        entities = None
        if text and text.startswith("/"):
            entities = [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))]
        chat = Chat(id=group, type="supergroup") if group else Chat(id=user_id, type="private")
        message = Message(
            message_id=next(self._ids),
            date=datetime.now(UTC),
            chat=chat,
            from_user=_user(user_id, self.names.get(user_id, "张三")),
            text=text,
            entities=entities,
            **extra,
        )
        return await self._feed(Update(update_id=next(self._ids), message=message))

    async def tap(self, user_id: int, data: str, text: str = "…") -> list[SentCall]:
        """A tap on an inline button carrying `data`, under a bot message reading `text`."""
        message = Message(
            message_id=next(self._ids),
            date=datetime.now(UTC),
            chat=Chat(id=user_id, type="private"),
            from_user=User(**BOT_USER),
            text=text,
        )
        query = CallbackQuery(
            id=str(next(self._ids)),
            from_user=_user(user_id, self.names.get(user_id, "张三")),
            chat_instance="ci",
            data=data,
            message=message,
        )
        return await self._feed(Update(update_id=next(self._ids), callback_query=query))

    async def state(self, user_id: int) -> str | None:
        """The dialog state stored for the user's private chat."""
        key = StorageKey(bot_id=self.bot.id, chat_id=user_id, user_id=user_id)
        return await self.dispatcher.storage.get_state(key)

    async def redeliver(self) -> list[SentCall]:
        """The last update once more, as Telegram resends an unconfirmed one."""
        assert self.last_update is not None
        return await self._feed(self.last_update)

    async def _feed(self, update: Update) -> list[SentCall]:
        self.last_update = update
        before = len(self.session.calls)
        await self.dispatcher.feed_update(self.bot, update)
        return self.session.calls[before:]


def texts(calls: list[SentCall]) -> list[str]:
    """What the user saw: sent and edited texts, and the alerts of answered button taps."""
    return [c.text for c in calls if c.method in MESSAGE_METHODS and c.text] + [
        str(c.params["text"])
        for c in calls
        if c.method == "answerCallbackQuery" and c.params.get("text")
    ]


def last_buttons(calls: list[SentCall]) -> list[tuple[str, str]]:
    for call in reversed(calls):
        if call.buttons:
            return call.buttons
    return []


def button(calls: list[SentCall], label: str) -> str:
    """The callback data of the newest button whose label contains `label`."""
    for call in reversed(calls):
        for text, data in call.buttons:
            if label in text:
                return data
    raise AssertionError(f"no button {label!r} in {[c.buttons for c in calls]}")


@asynccontextmanager
async def recorded_bot(
    redis: aioredis.Redis, settings: BotSettings, services: dict[str, Any], scope: str
) -> AsyncIterator[BotHarness]:
    """The bot's real dispatcher and middlewares on `redis`, with a Bot whose every API call
    is answered and recorded."""
    storage = create_storage(redis, scope)
    dispatcher = create_dispatcher(
        storage=storage,
        redis=redis,
        settings=settings,
        services=services,
        scope=scope,
        shared_redis=False,
    )
    session = RecordingSession()
    bot = Bot(
        "123456:TEST", session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
    try:
        yield BotHarness(dispatcher, bot, session)
    finally:
        await storage.close()
