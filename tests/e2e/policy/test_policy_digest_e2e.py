"""End to end on the real services: policies imported onto Kafka; the matching consumer, the
notifier and the scheduler as `mengke` processes over PostgreSQL; the Telegram channel
delivering an urgent push at once and a digest the scheduler made up after missing 09:00."""

from __future__ import annotations

import asyncio
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from mengke.context import Context, build_context
from mengke.scheduler.runner import create_scheduler, schedule_jobs
from producers.importer import import_file
from tests.support.paths import devset
from tests.support.pipeline import publish, record
from tests.support.pipeline_services import (
    pipeline_settings,
    postgres_schema,
    start_process,
    wait_until,
)
from tests.support.policy_pushes import SHANGHAI, add_subscriber

QUALIFIES, ALSO_QUALIFIES, HIGH_TECH = 7101, 7102, 7105  # DE002, DE004, DE001
URGENT_TITLE = "高新技术企业培育库入库企业奖励办法（补充申报）"


@contextmanager
def processes(settings, log_dir: Path, *commands: str) -> Iterator[dict[str, subprocess.Popen]]:
    running = {c: start_process(settings, c, log=log_dir / f"{c}.log") for c in commands}
    try:
        yield running
    finally:
        for process in running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in running.values():
            process.wait(60)


def _logs(log_dir: Path) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in log_dir.glob("*.log"))


def _seed(context: Context) -> None:
    with context.sessions.begin() as session:
        add_subscriber(session, QUALIFIES, "DE002", "daily")
        add_subscriber(session, ALSO_QUALIFIES, "DE004", "daily")
        add_subscriber(session, HIGH_TECH, "DE001", "daily")


def _publish_policies(context: Context) -> None:
    import_file(context.bus, "policies", devset() / "policies.jsonl")
    closing = datetime.now(SHANGHAI).date() + timedelta(days=3)
    urgent = {
        **record("policies", "DP002"),
        "id": "URG1",
        "title": URGENT_TITLE,
        "deadline": closing.isoformat(),
    }
    publish(context.bus, "policy.published", urgent)


def _miss_this_mornings_digest(context: Context) -> None:
    """As if the scheduler had been down when today's daily digest was due."""

    async def seed() -> None:
        scheduler = create_scheduler(context.engine, context.settings.scheduler)
        scheduler.start(paused=True)
        now = datetime.now(SHANGHAI)
        schedule_jobs(scheduler, 9, 0, now)
        scheduler.modify_job("policy_digest_daily", next_run_time=now - timedelta(minutes=5))
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0)

    asyncio.run(seed())


def _texts(api, chat_id: int) -> str:
    return "\n".join(api.sent_texts(chat_id))


def test_urgent_push_and_made_up_digest_reach_telegram(
    kafka_bootstrap, postgres_url, redis_url, fake_bot_api, unique, tmp_path
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(
            unique, kafka_bootstrap, db_url, redis_url, bot_api=fake_bot_api.base_url
        )
        context = build_context(settings)
        try:
            _exercise(context, settings, fake_bot_api, tmp_path)
        finally:
            context.close()


def _exercise(context: Context, settings, api, logs: Path) -> None:
    _seed(context)
    _publish_policies(context)
    with processes(settings, logs, "matcher", "notifier") as pipeline:
        try:
            wait_until(
                lambda: (
                    URGENT_TITLE in _texts(api, QUALIFIES)
                    and URGENT_TITLE in _texts(api, ALSO_QUALIFIES)
                ),
                90,
                "the urgent push",
            )
        except AssertionError as error:
            raise AssertionError(f"{error}\n{_logs(logs)}") from error
        assert "申报即将截止" in _texts(api, QUALIFIES)
        assert URGENT_TITLE not in _texts(api, HIGH_TECH)  # already 高新技术企业

        _miss_this_mornings_digest(context)
        with processes(settings, logs, "scheduler") as scheduler:
            try:
                wait_until(lambda: "政策速递" in _texts(api, HIGH_TECH), 90, "the digest")
            except AssertionError as error:
                raise AssertionError(f"{error}\n{_logs(logs)}") from error
            scheduler["scheduler"].send_signal(signal.SIGTERM)
            assert scheduler["scheduler"].wait(60) == 0
        for name in ("matcher", "notifier"):
            pipeline[name].send_signal(signal.SIGTERM)
            assert pipeline[name].wait(60) == 0, _logs(logs)

    digest = _texts(api, QUALIFIES)
    for title in (
        "关于组织申报2026年度自治区科技成果转化后补助项目的通知",
        "赤峰市企业研发中心认定与奖励办法",
    ):
        assert title in digest
    assert digest.count(URGENT_TITLE) == 1  # in the urgent push, not again in the digest
    assert "包头市支持稀土新材料产业科技创新若干措施" in _texts(api, HIGH_TECH)
