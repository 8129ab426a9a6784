"""`kill -9` of a `mengke matcher` process in the middle of 2,000 events, then a restart:
every event processed, no notification sent twice."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import func, select

from mengke.bus import publish_event
from mengke.context import build_context
from mengke.runtime import build_notifier
from storage import models
from tests.support.pipeline import add_user, event, synthetic
from tests.support.pipeline_services import (
    pipeline_settings,
    postgres_schema,
    running,
    start_process,
    wait_idle,
    wait_until,
)

EACH = 1000
CONTACTS, PEOPLE = 70_000, 50


def _count(context, model) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def _matched(context) -> int:
    """Events the matching consumer has processed (the notifier records its own)."""
    with context.sessions() as session:
        return session.scalar(select(func.count()).select_from(models.ProcessedEvent)
                              .where(models.ProcessedEvent.consumer == "matcher"))


def _publish(context) -> None:
    achievements = synthetic("achievements", EACH, "CA")
    demands = [{**d, "contact_user_id": CONTACTS + n % PEOPLE}
               for n, d in enumerate(synthetic("demands", EACH, "CD"))]
    for data in achievements:
        publish_event(context.bus, event("achievement.published", data))
    for data in demands:
        publish_event(context.bus, event("demand.submitted", data))
    context.bus.flush()


def test_a_matcher_killed_mid_run_loses_nothing_and_sends_nothing_twice(
    kafka_bootstrap, postgres_url, redis_url, fake_bot_api, unique, tmp_path
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(unique, kafka_bootstrap, db_url, redis_url,
                                     bot_api=fake_bot_api.base_url)
        context = build_context(settings)
        stop = threading.Event()
        matcher = None
        try:
            with context.sessions.begin() as session:
                for n in range(PEOPLE):
                    add_user(session, CONTACTS + n)
            _publish(context)
            notifier = build_notifier(context, stop=stop)
            with running(notifier.runnables, stop):
                matcher = start_process(settings, "matcher", "--instance-id", "crash",
                                        log=tmp_path / "matcher.log")
                wait_until(lambda: _matched(context) > 300, 120,
                           "the first matcher got going")
                matcher.kill()
                matcher.wait(10)
                at_crash = _matched(context)

                matcher = start_process(settings, "matcher", "--instance-id", "crash",
                                        log=tmp_path / "matcher.log")
                wait_idle(settings, context.sessions, "crash", timeout=180)
            outbox = {(r.recipient_id, r.dedup_key): r.status for r in
                      context.sessions().scalars(select(models.Notification))}
            processed = _matched(context)
            stored = (_count(context, models.Achievement), _count(context, models.Demand))
        finally:
            if matcher is not None and matcher.poll() is None:
                matcher.terminate()
                matcher.wait(30)
            context.close()

    assert at_crash < 2 * EACH, "the matcher was killed after it had finished"
    assert processed == 2 * EACH and stored == (EACH, EACH)
    assert outbox and set(outbox.values()) == {"sent"}
    sent = Counter((c.params["chat_id"], c.params["text"]) for c in fake_bot_api.calls("sendMessage"))
    assert sum(sent.values()) == len(outbox)
    assert set(sent.values()) == {1}
