"""The same events twice through the real broker: nothing stored, announced or sent twice."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import func, select

from mengke.bus import publish_event
from mengke.context import build_context
from mengke.runtime import build_matcher, build_notifier
from storage import models
from tests.support.pipeline import add_broker, add_user, event, fresh_matcher, records
from tests.support.pipeline_services import (
    events_on,
    pipeline_settings,
    postgres_schema,
    running,
    wait_idle,
)

CONTACTS = 20_000
BROKER = 30_001


def _devset_events() -> list:
    demands = [{**d, "contact_user_id": CONTACTS + n} for n, d in enumerate(records("demands"))]
    return (
        [event("enterprise.registered", e) for e in records("enterprises")]
        + [event("achievement.published", a) for a in records("achievements")]
        + [event("demand.submitted", d) for d in demands]
    )


def _people(context) -> None:
    with context.sessions.begin() as session:
        for n in range(len(records("demands"))):
            add_user(session, CONTACTS + n)
        add_broker(session, BROKER)


def _snapshot(context, api) -> tuple[int, int, Counter]:
    with context.sessions() as session:
        matches = session.scalar(select(func.count()).select_from(models.Match))
    announced = [e for e in events_on(context.settings.kafka.bootstrap_servers,
                                      context.bus.topics.matches)
                 if e.type == "match.recommended"]
    sent = Counter((c.params["chat_id"], c.params["text"]) for c in api.calls("sendMessage"))
    return matches, len(announced), sent


def test_events_published_twice_give_no_duplicate_matches_or_notifications(
    kafka_bootstrap, postgres_url, redis_url, fake_bot_api, unique
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(unique, kafka_bootstrap, db_url, redis_url,
                                     bot_api=fake_bot_api.base_url)
        context = build_context(settings)
        stop = threading.Event()
        try:
            _people(context)
            matcher = build_matcher(context, matcher=fresh_matcher(), instance_id="it", stop=stop)
            notifier = build_notifier(context, stop=stop)
            with running(matcher.runnables + notifier.runnables, stop):
                for envelope in _devset_events():
                    publish_event(context.bus, envelope)
                context.bus.flush()
                wait_idle(settings, context.sessions, "it")
                first = _snapshot(context, fake_bot_api)

                for envelope in _devset_events():
                    publish_event(context.bus, envelope)
                context.bus.flush()
                wait_idle(settings, context.sessions, "it")
                second = _snapshot(context, fake_bot_api)
        finally:
            context.close()

    matches, announced, sent = first
    assert matches > 0 and announced > 0 and sent
    assert second == first
    assert set(sent.values()) == {1}
    assert {int(chat) for chat, _ in sent} >= {BROKER, CONTACTS}
