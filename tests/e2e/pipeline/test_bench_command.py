"""`mengke bench pipeline` on a small load against the real broker and PostgreSQL: every row
of its report filled in, and nothing of its scratch schema or topics left behind."""

from __future__ import annotations

import re
import subprocess
import sys

from kafka import KafkaAdminClient
from sqlalchemy import create_engine, text

from tests.support.pipeline_services import REPO, environment, pipeline_settings, wait_until

EVENTS = 40


def _leftovers(postgres_url: str, kafka: str) -> tuple[set[str], set[str]]:
    engine = create_engine(postgres_url)
    with engine.connect() as connection:
        schemas = set(
            connection.scalars(
                text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\\_%'")
            )
        )
    engine.dispose()
    admin = KafkaAdminClient(bootstrap_servers=kafka)
    try:
        topics = {t for t in admin.list_topics() if ".bench" in t}
    finally:
        admin.close()
    return schemas, topics


def test_bench_pipeline_reports_every_figure(unique, kafka_bootstrap, postgres_url, redis_url):
    settings = pipeline_settings(unique, kafka_bootstrap, postgres_url, redis_url)
    before = _leftovers(postgres_url, kafka_bootstrap)
    command = [
        *(sys.executable, "-c", "from mengke.cli import main; main()"),
        *("bench", "pipeline", "--events", str(EVENTS), "--achievements", "300"),
        *("--demands", "30", "--rate", "10", "--seconds", "2"),
    ]
    done = subprocess.run(
        command, cwd=REPO, env=environment(settings), capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = done.stdout
    for name in (
        "裸 kafka-python 消费循环",
        "成果 achievement.published",
        "需求 demand.submitted",
    ):
        row = re.search(rf"{re.escape(name)}\s+(\d+)\s+([\d.]+)\s+(\d+)", report)
        assert row, report
        assert int(row[1]) == EVENTS and int(row[3]) > 0, report
    for name in ("成果", "需求"):
        row = re.search(rf"^  {name}" + r"\s+([-\d.]+)" * 5 + "$", report, re.MULTILINE)
        assert row, report
        match, database, index, announce, rest = map(float, row.groups())
        # The steps do not overlap: they leave the loop's own work a share of its time.
        assert match > 0 and database > 0 and rest >= 0, report
        cpu = re.search(rf"^  {name}" + r"\s+([\d.]+)" * 2 + "$", report, re.MULTILINE)
        assert cpu and float(cpu[1]) > 0, report
    assert re.search(r"发布→outbox 行：\d+ 行，p50 \d+ ms，p99 \d+ ms", report), report
    # Topic deletion completes on the broker shortly after the request.
    wait_until(lambda: _leftovers(postgres_url, kafka_bootstrap) == before, 30, "bench cleaned up")
