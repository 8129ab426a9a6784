"""Poison on the real broker: 200 malformed messages among 2,000 good ones."""

from __future__ import annotations

import json
import re
import threading

from sqlalchemy import func, select
from typer.testing import CliRunner

from consumers.deadletters import DeadLetter
from mengke.bus import publish_event
from mengke.cli import app
from mengke.components.matcher import build_matcher
from mengke.context import build_context
from storage import models
from tests.support.pipeline import event, fresh_matcher, synthetic
from tests.support.pipeline_services import (
    environment,
    pipeline_settings,
    postgres_schema,
    read_topic,
    running,
    topics,
    wait_until,
)

GOOD_EACH, BAD = 1000, 200


def _malformed(n: int, misplaced: bytes) -> bytes:
    envelope = {
        "event_id": f"bad-{n}",
        "type": "demand.submitted",
        "version": 1,
        "occurred_at": "2026-11-21T09:30:00+08:00",
        "source": "test",
        "payload": {"id": f"BAD{n}", "title": "锅炉结焦"},
    }
    variants = [
        b"\xff\xfe%d not even text" % n,
        json.dumps(envelope).encode()[:-7],  # cut off
        json.dumps({**envelope, "type": "demand.exploded"}).encode(),
        json.dumps({**envelope, "payload": {"id": f"BAD{n}"}}).encode(),  # no title
        json.dumps({**envelope, "payload": {**envelope["payload"], "budget_wan": -5}}).encode(),
        json.dumps({**envelope, "occurred_at": "2026-11-21T09:30:00"}).encode(),  # no timezone
        misplaced,  # an achievement event on the demands topic
        json.dumps([envelope]).encode(),
    ]
    return variants[n % len(variants)]


def _publish_mixed(bus) -> set[bytes]:
    good = [event("achievement.published", a) for a in synthetic("achievements", GOOD_EACH, "PA")]
    good += [event("demand.submitted", d) for d in synthetic("demands", GOOD_EACH, "PD")]
    bad: set[bytes] = set()
    for n, envelope in enumerate(good):
        publish_event(bus, envelope)
        if n % (len(good) // BAD) == 0:
            misplaced = good[len(bad)].model_dump_json().encode()  # valid, wrong topic
            raw = _malformed(len(bad), misplaced)
            to_demands = raw == misplaced or len(bad) % 2
            topic = bus.topics.demands if to_demands else bus.topics.achievements
            bus.publish(topic, f"bad-{len(bad)}", raw)
            bad.add(raw)
    bus.flush()
    assert len(bad) == BAD
    return bad


def test_every_poison_message_is_dead_lettered_with_its_reason_and_the_rest_processed(
    kafka_bootstrap, postgres_url, redis_url, unique
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(unique, kafka_bootstrap, db_url, redis_url)
        context = build_context(settings)
        stop = threading.Event()
        service = build_matcher(context, matcher=fresh_matcher(), stop=stop)
        try:
            bad = _publish_mixed(context.bus)
            with running(service.runnables, stop) as components:
                wait_until(lambda: _processed(context) == 2 * GOOD_EACH, 180, "all good processed")
                wait_until(
                    lambda: len(read_topic(kafka_bootstrap, context.bus.topics.dlq)) >= BAD,
                    30,
                    "all poison dead-lettered",
                )
                assert components.thread.is_alive()
                assert components.close() == 0
            letters = [
                DeadLetter.model_validate_json(raw)
                for raw in read_topic(kafka_bootstrap, context.bus.topics.dlq)
            ]
        finally:
            context.close()

    assert sorted(letter.original() for letter in letters) == sorted(bad)
    _list_and_replay_from_the_command_line(settings, kafka_bootstrap)
    assert {letter.error_class for letter in letters} == {"ContractError", "PermanentError"}
    assert all(letter.error_message and letter.consumer for letter in letters)
    placed = {(letter.topic, letter.partition, letter.offset) for letter in letters}
    assert len(placed) == BAD


def _processed(context) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.count()).select_from(models.ProcessedEvent))


def _list_and_replay_from_the_command_line(settings, kafka_bootstrap) -> None:
    runner = CliRunner()
    env = environment(settings)
    t = topics(settings.kafka.topic_suffix[1:])
    before = sum(len(read_topic(kafka_bootstrap, name)) for name in (t.achievements, t.demands))

    listed = runner.invoke(app, ["dlq", "list"], env=env)
    wrong_topic = runner.invoke(app, ["dlq", "list", "--topic", t.demands], env=env)
    some = runner.invoke(app, ["dlq", "replay", "--error-class", "PermanentError"], env=env)
    marked = runner.invoke(app, ["dlq", "list", "--error-class", "PermanentError"], env=env)
    rest = runner.invoke(app, ["dlq", "replay"], env=env)
    again = runner.invoke(app, ["dlq", "replay"], env=env)

    assert listed.exit_code == 0 and f"共 {BAD} 条死信" in listed.output
    assert "ContractError" in listed.output and "PermanentError" in listed.output
    on_demands = int(re.search(r"共 (\d+) 条死信", wrong_topic.output)[1])
    assert 0 < on_demands < BAD and t.achievements not in wrong_topic.output
    permanent = int(re.search(r"已重新发布 (\d+) 条死信", some.output)[1])
    assert 0 < permanent < BAD
    assert marked.output.count("（已重放）") == permanent
    assert f"已重新发布 {BAD - permanent} 条死信" in rest.output
    assert "已重新发布 0 条死信" in again.output
    after = sum(len(read_topic(kafka_bootstrap, name)) for name in (t.achievements, t.demands))
    assert after == before + BAD
