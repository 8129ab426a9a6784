"""Running the bot: long polling by default, a webhook behind `settings.bot.mode`."""

from __future__ import annotations

import asyncio
import logging
import threading
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlsplit

from aiogram import Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.app import BotApp, assemble
from bot.services.catalog import Searcher
from mengke.context import Context
from mengke.settings import BotSettings

log = logging.getLogger(__name__)
STOP_CHECK_SECONDS = 0.2


def run_bot(
    context: Context,
    *,
    searcher: Searcher,
    searcher_lock: AbstractContextManager[Any] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Blocking: serve until interrupted, or until `stop` is set (by a supervisor's signal
    handler or a test). `searcher` is an index other threads keep up to date under
    `searcher_lock`: the matching consumer's, or the bot's own replica
    (mengke/components/bot.py)."""
    app = assemble(context, searcher, searcher_lock=searcher_lock)
    asyncio.run(serve(app, context.settings.bot, stop))


async def serve(app: BotApp, settings: BotSettings, stop: threading.Event | None = None) -> None:
    try:
        if settings.mode == "webhook":
            await _serve_webhook(app, settings, stop)
        else:
            await _poll(app, stop)
    finally:
        await app.close()


async def _poll(app: BotApp, stop: threading.Event | None) -> None:
    watcher = asyncio.create_task(_stop_polling_on(stop, app.dispatcher)) if stop else None
    try:
        # With a stop flag, signals are its owner's business.
        await app.dispatcher.start_polling(app.bot, handle_signals=stop is None)
    finally:
        if watcher is not None:
            watcher.cancel()


async def _until(stop: threading.Event | None) -> None:
    while stop is None or not stop.is_set():
        await asyncio.sleep(STOP_CHECK_SECONDS)


async def _stop_polling_on(stop: threading.Event | None, dispatcher: Dispatcher) -> None:
    await _until(stop)
    while True:
        try:
            await dispatcher.stop_polling()
            return
        except RuntimeError:  # polling has not started yet
            await asyncio.sleep(STOP_CHECK_SECONDS)


async def _serve_webhook(app: BotApp, settings: BotSettings, stop: threading.Event | None) -> None:
    secret = settings.webhook_secret.get_secret_value() or None
    web_app = web.Application()
    handler = SimpleRequestHandler(dispatcher=app.dispatcher, bot=app.bot, secret_token=secret)
    handler.register(web_app, path=urlsplit(settings.webhook_url).path or "/")
    setup_application(web_app, app.dispatcher, bot=app.bot)
    await app.bot.set_webhook(settings.webhook_url, secret_token=secret)
    host, port = settings.webhook_listen.rsplit(":", 1)
    runner = web.AppRunner(web_app)
    await runner.setup()
    await web.TCPSite(runner, host, int(port)).start()
    log.info("webhook %s listening on %s", settings.webhook_url, settings.webhook_listen)
    try:
        await _until(stop)
    finally:
        await runner.cleanup()
