"""The devset through `mengke matcher` and `mengke notifier` processes on the real broker, down
to Telegram messages observed at the fake Bot API; then a graceful stop of both."""

from __future__ import annotations

import signal
from collections import Counter

from mengke.bus.kafka import KafkaBus
from mengke.context import build_context
from producers.importer import import_file
from storage import models
from tests.support.paths import devset
from tests.support.pipeline import add_broker, add_user
from tests.support.pipeline_services import (
    events_on,
    pipeline_settings,
    postgres_schema,
    start_process,
    topics,
    wait_idle,
    wait_indexed,
    wait_until,
)
from tests.support.tables import read_jsonl, write_jsonl

CONTACTS = 50_000
RARE_EARTH, ORDOS, ELSEWHERE = 60_001, 60_002, 60_003


def _people(context, demand_count: int) -> None:
    with context.sessions.begin() as session:
        for n in range(demand_count):
            add_user(session, CONTACTS + n)
        add_broker(session, RARE_EARTH, industries=["稀土新材料"])
        add_broker(session, ORDOS, regions=["鄂尔多斯市"])
        add_broker(session, ELSEWHERE, industries=["航空航天"])


def _import_devset(settings, tmp_path) -> dict[str, int]:
    """The devset files as an operator would import them, supply before demand (the demands
    with their contacts): each demand is scored against the whole supply."""
    demands = read_jsonl(devset() / "demands.jsonl")
    with_contacts = [{**d, "contact_user_id": CONTACTS + n} for n, d in enumerate(demands)]
    t = topics(settings.kafka.topic_suffix[1:])
    bus = KafkaBus(settings.kafka, t)
    try:
        for kind in ("enterprises", "policies", "achievements"):
            assert not import_file(bus, kind, devset() / f"{kind}.jsonl").rejected
        wait_indexed(settings, "e2e")
        demands_file = write_jsonl(tmp_path / "demands.jsonl", with_contacts)
        assert not import_file(bus, "demands", demands_file).rejected
    finally:
        bus.close()
    return {d["id"]: CONTACTS + n for n, d in enumerate(demands)}


def _expected(context, matches) -> Counter:
    expected: Counter = Counter()
    with context.sessions() as session:
        for match in matches:
            demand = session.get(models.Demand, match.demand_id)
            expected[demand.contact_user_id] += 1
            expected[RARE_EARTH] += demand.industry == "稀土新材料"
            expected[ORDOS] += demand.region == "鄂尔多斯"
    return +expected


def test_devset_recommendations_reach_the_contact_and_the_brokers_in_scope(
    kafka_bootstrap, postgres_url, redis_url, fake_bot_api, unique, tmp_path
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(
            unique, kafka_bootstrap, db_url, redis_url, bot_api=fake_bot_api.base_url
        )
        context = build_context(settings)
        processes = []
        try:
            _people(context, len(read_jsonl(devset() / "demands.jsonl")))
            processes = [
                start_process(
                    settings, "matcher", "--instance-id", "e2e", log=tmp_path / "matcher.log"
                ),
                start_process(settings, "notifier", log=tmp_path / "notifier.log"),
            ]
            contacts = _import_devset(settings, tmp_path)
            wait_idle(settings, context.sessions, "e2e", timeout=120)

            matches = [
                e.parsed()
                for e in events_on(kafka_bootstrap, context.bus.topics.matches)
                if e.type == "match.recommended"
            ]
            assert matches, "the devset produced no recommendation over the alert threshold"
            expected = _expected(context, matches)
            wait_until(
                lambda: len(fake_bot_api.calls("sendMessage")) >= sum(expected.values()),
                30,
                "every notification delivered",
            )

            for process in processes:
                process.send_signal(signal.SIGTERM)
            assert [p.wait(30) for p in processes] == [0, 0]
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
            context.close()

    calls = fake_bot_api.calls("sendMessage")
    assert Counter(int(c.params["chat_id"]) for c in calls) == expected
    assert ELSEWHERE not in {int(c.params["chat_id"]) for c in calls}
    assert len({(c.params["chat_id"], c.params["text"]) for c in calls}) == len(calls)
    with_titles = {a["id"]: a["title"] for a in read_jsonl(devset() / "achievements.jsonl")}
    for match in matches:
        texts = fake_bot_api.sent_texts(contacts[match.demand_id])
        assert any(with_titles[match.achievement_id] in text for text in texts)
