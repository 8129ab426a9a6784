"""A local stand-in for the Telegram Bot API: serves updates, records every call, injects faults.

It runs an aiohttp server in a thread of its own, so both the real aiogram client (async)
and synchronous code under test can talk to it over HTTP.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 42, "is_bot": True, "first_name": "蒙科聚", "username": "mengke_test_bot"}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class Fault:
    method: str
    status: int
    chat_id: int | None
    retry_after: int | None
    remaining: int


@dataclass
class _State:
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeBotApi:
    def __init__(self) -> None:
        self._state = _State()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeBotApi:
        self._thread.start()
        port = asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(10)
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _serve(self) -> int:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        return site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    # -- what tests drive ----------------------------------------------------------------------
    def push_message(self, user_id: int, text: str, first_name: str = "测试用户") -> None:
        user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "zh"}
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        self._push({"message": message})

    def push_callback(
        self, user_id: int, data: str, message: dict[str, Any] | None = None
    ) -> None:
        user = {"id": user_id, "is_bot": False, "first_name": "测试用户"}
        message = message or {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "text": "…",
        }
        query = {
            "id": str(next(self._update_ids)),
            "from": user,
            "chat_instance": "ci",
            "message": message,
            "data": data,
        }
        self._push({"callback_query": query})

    def fail_next(
        self,
        method: str,
        status: int,
        *,
        chat_id: int | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with an error."""
        with self._state.lock:
            self._state.faults.append(Fault(method, status, chat_id, retry_after, times))

    def calls(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        with self._state.lock:
            return [
                c
                for c in self._state.calls
                if (method is None or c.method == method)
                and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
            ]

    def wait_for(
        self, predicate: Callable[[list[Call]], bool], timeout: float = 15.0
    ) -> list[Call]:
        """Wait until `predicate(all calls so far)` holds; fail the test if it never does."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls()
            if predicate(calls):
                return calls
            time.sleep(0.05)
        raise AssertionError(
            f"fake Bot API: condition not met in {timeout}s; calls: {self.calls()}"
        )

    def sent_texts(self, chat_id: int) -> list[str]:
        return [
            str(c.params.get("text") or c.params.get("caption") or "")
            for c in self.calls(chat_id=chat_id)
            if c.method in ("sendMessage", "editMessageText", "sendPhoto")
        ]

    # -- the HTTP side -------------------------------------------------------------------------
    def _push(self, update: dict[str, Any]) -> None:
        with self._state.lock:
            self._state.updates.append({"update_id": next(self._update_ids), **update})

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _read_params(request)
        if method != "getUpdates":
            with self._state.lock:
                self._state.calls.append(Call(method, params))
        fault = self._take_fault(method, params)
        if fault is not None:
            return _error(fault)
        if method == "getUpdates":
            return _ok(await self._updates(params))
        return _ok(self._result(method, params))

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        with self._state.lock:
            for fault in self._state.faults:
                chat_ok = fault.chat_id is None or str(params.get("chat_id")) == str(fault.chat_id)
                if fault.method == method and chat_ok and fault.remaining > 0:
                    fault.remaining -= 1
                    return fault
        return None

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._state.lock:
                # Telegram forgets updates below the offset the client confirmed.
                self._state.updates = [u for u in self._state.updates if u["update_id"] >= offset]
                pending = list(self._state.updates)
            if pending or time.monotonic() >= deadline:
                return pending
            await asyncio.sleep(0.05)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "sendPhoto", "editMessageText", "sendDocument"):
            chat_id = int(params.get("chat_id") or 0)
            message: dict[str, Any] = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
            }
            if "text" in params:
                message["text"] = params["text"]
            if method == "sendPhoto":
                message["photo"] = [
                    {"file_id": "p1", "file_unique_id": "p1", "width": 1, "height": 1}
                ]
            return message
        return True


async def _read_params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return dict(await request.json())
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = value.file.read()
        elif isinstance(value, str) and value[:1] in "{[":
            try:
                params[key] = json.loads(value)
            except json.JSONDecodeError:
                params[key] = value
        else:
            params[key] = value
    return params


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(fault: Fault) -> web.Response:
    descriptions = {
        429: f"Too Many Requests: retry after {fault.retry_after or 1}",
        403: "Forbidden: bot was blocked by the user",
        400: "Bad Request: chat not found",
    }
    body: dict[str, Any] = {
        "ok": False,
        "error_code": fault.status,
        "description": descriptions.get(fault.status, "Internal Server Error"),
    }
    if fault.status == 429:
        body["parameters"] = {"retry_after": fault.retry_after or 1}
    return web.json_response(body, status=fault.status)
