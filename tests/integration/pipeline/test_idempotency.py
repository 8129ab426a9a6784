"""The same events twice through the real broker: nothing stored, announced or sent twice."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import func, select

from mengke.bus import publish_event
from mengke.components.matcher import build_matcher
from mengke.components.notifier import build_notifier
from mengke.context import build_context
from storage import models
from tests.support.pipeline import add_broker, add_user, event, fresh_matcher, records
from tests.support.pipeline_services import (
    events_on,
    pipeline_settings,
    postgres_schema,
    running,
    wait_idle,
    wait_indexed,
)

CONTACTS = 20_000
BROKER = 30_001


def _publish_devset(context) -> None:
    """Supply first, then (once indexed) the demands with their contacts."""
    supply = [event("enterprise.registered", e) for e in records("enterprises")]
    supply += [event("achievement.published", a) for a in records("achievements")]
    demands = [{**d, "contact_user_id": CONTACTS + n} for n, d in enumerate(records("demands"))]
    for batch in (supply, [event("demand.submitted", d) for d in demands]):
        for envelope in batch:
            publish_event(context.bus, envelope)
        context.bus.flush()
        wait_indexed(context.settings, "it")


def _people(context) -> None:
    with context.sessions.begin() as session:
        for n in range(len(records("demands"))):
            add_user(session, CONTACTS + n)
        add_broker(session, BROKER)


def _snapshot(context, api) -> tuple[int, int, Counter]:
    with context.sessions() as session:
        matches = session.scalar(select(func.count()).select_from(models.Match))
    announced = [
        e
        for e in events_on(context.settings.kafka.bootstrap_servers, context.bus.topics.matches)
        if e.type == "match.recommended"
    ]
    sent = Counter((c.params["chat_id"], c.params["text"]) for c in api.calls("sendMessage"))
    return matches, len(announced), sent


def test_events_published_twice_give_no_duplicate_matches_or_notifications(
    kafka_bootstrap, postgres_url, redis_url, fake_bot_api, unique
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(
            unique, kafka_bootstrap, db_url, redis_url, bot_api=fake_bot_api.base_url
        )
        context = build_context(settings)
        stop = threading.Event()
        try:
            _people(context)
            matcher = build_matcher(context, matcher=fresh_matcher(), instance_id="it", stop=stop)
            notifier = build_notifier(context, stop=stop)
            with running(matcher.runnables + notifier.runnables, stop):
                _publish_devset(context)
                wait_idle(settings, context.sessions, "it")
                first = _snapshot(context, fake_bot_api)

                _publish_devset(context)
                wait_idle(settings, context.sessions, "it")
                second = _snapshot(context, fake_bot_api)
        finally:
            context.close()

    matches, announced, sent = first
    assert matches > 0 and announced > 0 and sent
    assert second == first
    assert set(sent.values()) == {1}
    assert {int(chat) for chat, _ in sent} >= {BROKER, CONTACTS}
