"""The Telegram channel (the real aiogram client) against the fake Bot API's faults, with the
outbox in PostgreSQL and the rate limits and delivery markers in Redis."""

from __future__ import annotations

import time

from sqlalchemy import select

from consumers.outbox import requeue_failed
from mengke.bus.memory import MemoryBus
from mengke.components.notifier import build_notifier
from mengke.context import build_context
from storage import models
from storage.outbox import Notice, enqueue
from tests.support.pipeline import add_user
from tests.support.pipeline_services import pipeline_settings, postgres_schema, topics

FLOODED, BLOCKED, BROKEN, FLAKY, FINE = 9001, 9002, 9003, 9004, 9005


def _rows(context) -> dict[int, models.Notification]:
    with context.sessions() as session:
        return {r.recipient_id: r for r in session.scalars(select(models.Notification))}


async def test_flood_control_blocked_users_and_server_errors_lose_nothing(
    kafka_bootstrap, postgres_url, redis_url, fake_bot_api, unique
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(
            unique, kafka_bootstrap, db_url, redis_url, bot_api=fake_bot_api.base_url
        )
        context = build_context(settings, bus=MemoryBus(topics(unique)))
        try:
            await _exercise(context, fake_bot_api)
        finally:
            context.close()


async def _exercise(context, api) -> None:
    people = (FLOODED, BLOCKED, BROKEN, FLAKY, FINE)
    with context.sessions.begin() as session:
        for user in people:
            add_user(session, user)
        session.flush()
        enqueue(session, [Notice(u, "broadcast", "hello", {"text": f"您好 {u}"}) for u in people])
    api.fail_next("sendMessage", 429, chat_id=FLOODED, retry_after=1)
    api.fail_next("sendMessage", 403, chat_id=BLOCKED)
    api.fail_next("sendMessage", 500, chat_id=BROKEN, times=context.settings.notifier.max_attempts)
    api.fail_next("sendMessage", 500, chat_id=FLAKY)
    dispatcher = build_notifier(context).dispatcher

    started = time.monotonic()
    assert await dispatcher.deliver_due() == len(people)
    assert time.monotonic() - started >= 1.0  # retry_after was honoured, not skipped

    rows = _rows(context)
    assert {u: rows[u].status for u in people} == {
        FLOODED: "sent",
        BLOCKED: "failed",
        BROKEN: "failed",
        FLAKY: "sent",
        FINE: "sent",
    }
    assert "blocked" in rows[BLOCKED].last_error
    assert "Internal Server Error" in rows[BROKEN].last_error
    with context.sessions() as session:
        assert session.get(models.User, BLOCKED).is_active is False

    assert requeue_failed(context.sessions) == 1  # the broken one; the blocked user is gone
    assert await dispatcher.deliver_due() == 1
    await dispatcher.channel.close()

    calls = {u: len(api.calls("sendMessage", chat_id=u)) for u in people}
    assert calls == {FLOODED: 2, BLOCKED: 1, BROKEN: 4, FLAKY: 2, FINE: 1}
    assert {u: r.status for u, r in _rows(context).items()}[BROKEN] == "sent"
    assert api.sent_texts(FINE) == [f"📢 平台通知\n\n您好 {FINE}"]
