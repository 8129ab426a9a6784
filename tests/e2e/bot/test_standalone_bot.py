"""`mengke bot` and `mengke matcher` as processes of their own on the real broker and
PostgreSQL, as deployed: the bot's search box follows achievements published and withdrawn
while it runs."""

from __future__ import annotations

import signal
import time

from mengke.bus import publish_event
from mengke.bus.kafka import KafkaBus
from tests.support.pipeline import event, record
from tests.support.pipeline_services import (
    consumer_groups,
    pipeline_settings,
    postgres_schema,
    start_process,
    topics,
)

USER = 77_001
ACHIEVEMENT = record("achievements", "DA001")


def _search_finds(api, title: str, wanted: bool, timeout: float = 60.0) -> None:
    """Search until the answer does (or no longer does) list `title`: the replica applies an
    event a moment after it is published."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = len(api.calls("sendMessage", chat_id=USER))
        api.push_message(USER, "晶界扩散 钕铁硼")
        api.wait_for(
            lambda _, n=before: len(api.calls("sendMessage", chat_id=USER)) > n, timeout=20
        )
        answer = api.calls("sendMessage", chat_id=USER)[-1]
        if (title in str(answer.params["text"])) == wanted:
            return
        time.sleep(1)
    raise AssertionError(f"search {'never' if wanted else 'still'} lists {title}")


def test_the_search_box_follows_publishing_and_withdrawal(
    fake_bot_api, kafka_bootstrap, postgres_url, redis_url, unique, tmp_path
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(
            unique, kafka_bootstrap, db_url, redis_url, bot_api=fake_bot_api.base_url
        )
        bus = KafkaBus(settings.kafka, topics(unique))
        bus.ensure_topics()
        processes = [
            start_process(settings, name, log=tmp_path / f"{name}.log")
            for name in ("matcher", "bot")
        ]
        try:
            _search_finds(fake_bot_api, ACHIEVEMENT["title"], wanted=False)

            publish_event(bus, event("achievement.published", ACHIEVEMENT))
            bus.flush()
            _search_finds(fake_bot_api, ACHIEVEMENT["title"], wanted=True)

            publish_event(bus, event("achievement.withdrawn", {"id": ACHIEVEMENT["id"]}))
            bus.flush()
            _search_finds(fake_bot_api, ACHIEVEMENT["title"], wanted=False)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            codes = [process.wait(60) for process in processes]
            bus.close()
    assert codes == [0, 0], (tmp_path / "bot.log").read_text()[-3000:]
    # The groups unique to these two starts went with them; the shared one stays.
    prefix = settings.kafka.group_prefix
    assert consumer_groups(kafka_bootstrap, prefix) == {f"{prefix}.matcher"}
