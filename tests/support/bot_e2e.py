"""The bot and the pipeline running for real, in threads of this process, against the fake
Bot API: the aiogram polling loop on one side, the matching consumer and the notifier (with
the Telegram channel) on the other, talking over the MemoryBus and one SQLite file."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from bot.delivery import create_telegram_channel
from bot.runner import run_bot
from bot.services.catalog import Searcher
from mengke.components.matcher import MatcherService, build_matcher
from mengke.components.notifier import build_notifier
from mengke.context import Context
from tests.support.fake_bot_api import Call, FakeBotApi
from tests.support.pipeline import fresh_matcher

JOIN_SECONDS = 15


def _thread(target: Callable[[], None], name: str) -> threading.Thread:
    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    return thread


@dataclass
class Pipeline:
    """The matching consumer and the notifier, each loop in a thread of its own."""

    context: Context
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)
    matching: MatcherService | None = None

    def start(self) -> Pipeline:
        self.matching = build_matcher(
            self.context, matcher=fresh_matcher(), instance_id="e2e", stop=self.stop
        )
        channel = create_telegram_channel(self.context.settings.bot)
        notifier = build_notifier(
            self.context, channel=channel, channel_name="telegram", stop=self.stop
        )
        for loop in [*self.matching.runnables, *notifier.runnables]:
            self.threads.append(_thread(loop.run, loop.name))
        return self

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(JOIN_SECONDS)


@dataclass
class BotProcess:
    """`run_bot` in a thread; beside the pipeline it searches the consumer's matcher, as
    `mengke run` does."""

    context: Context
    searcher: Searcher
    lock: AbstractContextManager[Any] | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def start(self) -> BotProcess:
        def serve() -> None:
            run_bot(self.context, searcher=self.searcher, searcher_lock=self.lock, stop=self.stop)

        self.thread = _thread(serve, "bot")
        return self

    def close(self) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(JOIN_SECONDS)
            assert not self.thread.is_alive(), "the bot did not stop"


def buttons(call: Call) -> list[tuple[str, str]]:
    markup: dict[str, Any] = call.params.get("reply_markup") or {}
    return [
        (b["text"], b.get("callback_data", ""))
        for row in markup.get("inline_keyboard", [])
        for b in row
    ]


def text_of(call: Call) -> str:
    return str(call.params.get("text") or call.params.get("caption") or "")


@dataclass
class Chat:
    """One user's side of the conversation: send, tap, and wait for what the bot says."""

    api: FakeBotApi
    user_id: int
    seen: int = 0

    def say(self, text: str, reply: str = "") -> Call:
        """Send `text`; the bot's first reply since (containing `reply`)."""
        self.seen = len(self._mine())
        self.api.push_message(self.user_id, text)
        return self.expect(reply)

    def tap(self, data: str, reply: str = "") -> Call:
        self.seen = len(self._mine())
        self.api.push_callback(self.user_id, data)
        return self.expect(reply)

    def expect(self, fragment: str = "", timeout: float = 15.0) -> Call:
        """The first new message or edit to this user (containing `fragment`)."""
        found: list[Call] = []

        def arrived(_: list[Call]) -> bool:
            found[:] = [c for c in self._mine()[self.seen :] if fragment in text_of(c)]
            return bool(found)

        self.api.wait_for(arrived, timeout)
        self.seen = self._mine().index(found[0]) + 1
        return found[0]

    def alerts(self) -> list[str]:
        return [
            str(c.params.get("text", ""))
            for c in self.api.calls("answerCallbackQuery")
            if str(c.params.get("text", ""))
        ]

    def _mine(self) -> list[Call]:
        return [
            c
            for c in self.api.calls(chat_id=self.user_id)
            if c.method
            in ("sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto")
        ]


def attached(call: Call, field: str) -> bytes:
    """The bytes of an uploaded file: aiogram sends `field=attach://<part>` and the file as
    the multipart part named <part>."""
    reference = str(call.params[field])
    content = call.params[reference.removeprefix("attach://")]
    assert isinstance(content, bytes), f"{field} is not an upload: {reference}"
    return content


def eventually(predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {predicate.__doc__ or predicate}")
        time.sleep(0.05)


def button_data(call: Call, label: str) -> str:
    for text, data in buttons(call):
        if label in text:
            return data
    raise AssertionError(f"no button {label!r} in {buttons(call)}")
