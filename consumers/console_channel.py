"""The embedded default's channel: notifications printed, for a demo without Telegram."""

from __future__ import annotations

import html
import re
import sys
from typing import TextIO

from bot.render import render_message
from mengke.channel import OutgoingMessage

_TAG = re.compile(r"<[^>]+>")


class ConsoleChannel:
    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    async def send(self, message: OutgoingMessage) -> None:
        text, _buttons = render_message(message)
        plain = html.unescape(_TAG.sub("", text))
        stream = self._stream or sys.stdout
        print(f"── 通知 → 用户 {message.recipient_id}（{message.kind}）", file=stream)
        print(plain, file=stream, flush=True)
