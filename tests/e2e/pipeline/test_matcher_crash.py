"""`kill -9` of a `mengke matcher` process in the middle of 2,000 events, then a restart:
every event processed, no notification sent twice."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import func, select

from mengke.bus import publish_event
from mengke.components.notifier import build_notifier
from mengke.context import build_context
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
CONTACTS, PEOPLE = 70_000, 20


def _count(context, model) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def _matched(context) -> int:
    """Events the matching consumer has processed (the notifier records its own)."""
    with context.sessions() as session:
        return session.scalar(
            select(func.count())
            .select_from(models.ProcessedEvent)
            .where(models.ProcessedEvent.consumer == "matcher")
        )


def _publish(context, kind: str) -> None:
    if kind == "achievements":
        envelopes = [
            event("achievement.published", a) for a in synthetic("achievements", EACH, "CA")
        ]
    else:
        # Recombined records match their siblings strongly: a contact on every tenth demand
        # still yields hundreds of notifications.
        demands = [
            {**d, "contact_user_id": CONTACTS + n % PEOPLE if n % 10 == 0 else None}
            for n, d in enumerate(synthetic("demands", EACH, "CD"))
        ]
        envelopes = [event("demand.submitted", d) for d in demands]
    for envelope in envelopes:
        publish_event(context.bus, envelope)
    context.bus.flush()


def test_a_matcher_killed_mid_run_loses_nothing_and_sends_nothing_twice(
    kafka_bootstrap, postgres_url, redis_url, fake_bot_api, unique, tmp_path
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(
            unique, kafka_bootstrap, db_url, redis_url, bot_api=fake_bot_api.base_url
        )
        context = build_context(settings)
        stop = threading.Event()
        matcher = None
        try:
            with context.sessions.begin() as session:
                for n in range(PEOPLE):
                    add_user(session, CONTACTS + n)
            notifier = build_notifier(context, stop=stop)
            with running(notifier.runnables, stop):
                # The supply first, the demands after it: scored against a full index, as
                # they would be in production, rather than percolated all at once.
                _publish(context, "achievements")
                matcher = start_process(
                    settings, "matcher", "--instance-id", "crash", log=tmp_path / "matcher.log"
                )
                wait_until(lambda: _matched(context) >= EACH, 120, "the supply stored")
                _publish(context, "demands")
                wait_until(lambda: _matched(context) > EACH + 200, 120, "demands under way")
                matcher.kill()
                matcher.wait(10)
                at_crash = _matched(context)

                matcher = start_process(
                    settings, "matcher", "--instance-id", "crash", log=tmp_path / "matcher.log"
                )
                wait_idle(settings, context.sessions, "crash", timeout=180)
            with context.sessions() as session:
                outbox = {
                    (r.recipient_id, r.dedup_key): r.status
                    for r in session.scalars(select(models.Notification))
                }
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
    sent = Counter(
        (c.params["chat_id"], c.params["text"]) for c in fake_bot_api.calls("sendMessage")
    )
    assert sum(sent.values()) == len(outbox)
    assert set(sent.values()) == {1}
