"""Two notifiers on one PostgreSQL outbox (FOR UPDATE SKIP LOCKED): each row sent once."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter

from sqlalchemy import select

from mengke.bus.memory import MemoryBus
from mengke.channel import OutgoingMessage
from mengke.components.notifier import build_notifier
from mengke.context import build_context
from storage import models
from storage.outbox import Notice, enqueue
from tests.support.pipeline import add_user
from tests.support.pipeline_services import pipeline_settings, postgres_schema, topics

ROWS, PEOPLE = 300, 30


class SlowChannel:
    """Slow enough that both notifiers are claiming at the same time."""

    def __init__(self, sent: list[tuple[int, str]]) -> None:
        self.sent = sent

    async def send(self, message: OutgoingMessage) -> None:
        await asyncio.sleep(0.002)
        self.sent.append((message.recipient_id, message.payload["text"]))


def test_two_notifiers_share_the_outbox_without_sending_anything_twice(
    kafka_bootstrap, postgres_url, redis_url, unique
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(unique, kafka_bootstrap, db_url, redis_url)
        contexts = [build_context(settings, bus=MemoryBus(topics(unique))) for _ in range(2)]
        sent: list[list[tuple[int, str]]] = [[], []]
        try:
            with contexts[0].sessions.begin() as session:
                for n in range(PEOPLE):
                    add_user(session, 90_000 + n)
                session.flush()
                enqueue(
                    session,
                    [
                        Notice(90_000 + n % PEOPLE, "broadcast", f"n:{n}", {"text": f"第{n}条"})
                        for n in range(ROWS)
                    ],
                )
            dispatchers = [
                build_notifier(c, channel=SlowChannel(out)).dispatcher
                for c, out in zip(contexts, sent, strict=True)
            ]
            workers = [
                threading.Thread(target=lambda d=d: asyncio.run(_deliver_all(d)))
                for d in dispatchers
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join(120)
            with contexts[0].sessions() as session:
                statuses = Counter(session.scalars(select(models.Notification.status)))
        finally:
            for context in contexts:
                context.close()

    assert statuses == {"sent": ROWS}
    everything = sent[0] + sent[1]
    assert len(everything) == ROWS and len(set(everything)) == ROWS
    assert sent[0] and sent[1], "one notifier did all the work: nothing was contended"


async def _deliver_all(dispatcher) -> None:
    while await dispatcher.deliver_due():
        pass
