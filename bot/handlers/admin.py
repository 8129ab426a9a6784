"""Admin commands: /stats (text and a PNG chart), /broadcast with confirmation, and
/broadcasts, how far the latest broadcasts got."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, Message

from bot.charts import MissingFontError, stats_chart_png
from bot.dialog import form_router, start_form
from bot.forms import Field, Form
from bot.render import esc
from bot.replies import Event, say
from bot.services.broadcasts import BroadcastProgress, BroadcastService
from bot.services.stats import StatsService
from bot.services.times import china_time
from bot.states import BroadcastForm
from bot.stats_view import stats_text
from bot.texts import T

log = logging.getLogger(__name__)
QUOTED_CHARS = 20  # of a broadcast's text, enough to tell one from another
BROADCAST_FORM = Form(
    key="bc",
    title=T.FORM_BROADCAST,
    states=BroadcastForm,
    fields=(Field("text", T.F_BROADCAST_TEXT, T.P_BROADCAST_TEXT, max_len=2000),),
)


async def stats(message: Message, stats_service: StatsService) -> None:
    collected = await stats_service.collect()
    await message.answer(stats_text(collected))
    try:
        png = await asyncio.to_thread(stats_chart_png, collected)
    except MissingFontError as error:
        log.error("stats chart: %s", error)
        await message.answer(T.CHART_UNAVAILABLE.format(reason=esc(error)))
        return
    photo = BufferedInputFile(png, filename="stats.png")
    await message.answer_photo(photo, caption=T.CHART_CAPTION)


async def broadcast(message: Message, state: FSMContext) -> None:
    await start_form(message, state, BROADCAST_FORM)


async def send_broadcast(event: Event, values: dict[str, Any], data: dict[str, Any]) -> None:
    count = await data["broadcasts"].queue(values["text"])
    await say(event, T.BROADCAST_QUEUED.format(count=count))


async def broadcast_progress(message: Message, broadcasts: BroadcastService) -> None:
    await message.answer(broadcasts_text(await broadcasts.recent()))


def broadcasts_text(progress: list[BroadcastProgress]) -> str:
    if not progress:
        return T.BROADCASTS_NONE
    lines = [T.BROADCASTS_HEADER.format(count=len(progress))]
    for index, item in enumerate(progress, 1):
        text = item.text if len(item.text) <= QUOTED_CHARS else item.text[:QUOTED_CHARS] + "…"
        lines.append(
            T.BROADCASTS_ITEM.format(
                index=index,
                time=china_time(item.queued_at).strftime("%m-%d %H:%M"),
                text=esc(" ".join(text.split())),
                total=item.total,
                sent=item.sent,
                waiting=item.waiting,
                failed=item.failed,
                blocked=item.blocked,
            )
        )
    if any(item.failed for item in progress):
        lines.append(T.BROADCASTS_RETRY_HINT)
    return "\n".join(lines)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(stats, Command("stats"), flags={"role": "admin"})
    router.message.register(broadcast, Command("broadcast"), flags={"role": "admin"})
    router.message.register(broadcast_progress, Command("broadcasts"), flags={"role": "admin"})
    router.include_router(form_router(BROADCAST_FORM, send_broadcast))
    return router
