"""Two `mengke matcher` processes share the demands of a 4-partition topic: each keeps its own
replica of the achievements, and every demand is scored by exactly one of them."""

from __future__ import annotations

import re
import signal
from collections import Counter

from sqlalchemy import func, select

from mengke.bus import publish_event
from mengke.components.loops import group_id
from mengke.context import build_context
from storage import models
from tests.support.pipeline import event, synthetic
from tests.support.pipeline_services import (
    caught_up,
    events_on,
    group_members,
    pipeline_settings,
    postgres_schema,
    start_process,
    wait_until,
)

ACHIEVEMENTS, DEMANDS, LATE = 300, 400, 40
SCORED = re.compile(r"consumer=matcher .*event_id=(\S+) type=demand\.submitted outcome=processed")


def _publish(bus, kind: str, count: int, prefix: str = "S") -> list[str]:
    event_type = "achievement.published" if kind == "achievements" else "demand.submitted"
    envelopes = [event(event_type, data) for data in synthetic(kind, count, prefix + kind[0])]
    for envelope in envelopes:
        publish_event(bus, envelope)
    bus.flush()
    return [e.event_id for e in envelopes]


def _replicas_caught_up(settings, topic: str, what: str) -> None:
    """Both instances' replica groups have committed everything on `topic`."""
    bootstrap = settings.kafka.bootstrap_servers
    for n in range(2):
        replica = group_id(settings, f"matcher.replica.i{n}")
        wait_until(lambda r=replica: caught_up(bootstrap, r, [topic]), 60, f"replica {n} {what}")


def test_two_matchers_score_every_demand_exactly_once(
    kafka_bootstrap, postgres_url, redis_url, unique, tmp_path
):
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(unique, kafka_bootstrap, db_url, redis_url)
        context = build_context(settings)
        t = context.bus.topics
        logs = [tmp_path / "first.log", tmp_path / "second.log"]
        processes = []
        try:
            _publish(context.bus, "achievements", ACHIEVEMENTS)
            processes = [
                start_process(settings, "matcher", "--instance-id", f"i{n}", log=log)
                for n, log in enumerate(logs)
            ]
            wait_until(
                lambda: group_members(kafka_bootstrap, group_id(settings, "matcher")) == 2,
                60,
                "both matchers in the group",
            )
            _replicas_caught_up(settings, t.achievements, "holds the achievements")
            demand_events = _publish(context.bus, "demands", DEMANDS)
            wait_until(
                lambda: caught_up(kafka_bootstrap, group_id(settings, "matcher"), [t.demands]),
                120,
                "every demand scored",
            )
            # Late supply: both replicas percolate it, the unique pair lets one announce it.
            _publish(context.bus, "achievements", LATE, prefix="L")
            _replicas_caught_up(settings, t.achievements, "percolated the late supply")
            for process in processes:
                process.send_signal(signal.SIGTERM)
            assert [p.wait(30) for p in processes] == [0, 0]
            with context.sessions() as session:
                scored = set(session.scalars(select(models.Match.demand_id)))
                stored = session.scalar(
                    select(func.count())
                    .select_from(models.Match)
                    .where(models.Match.direction == "demand→supply")
                )
            announced = [e.parsed() for e in events_on(kafka_bootstrap, t.matches)]
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
            context.close()

    by_process = [SCORED.findall(log.read_text("utf-8")) for log in logs]
    assert all(by_process), f"one matcher scored nothing: {[len(p) for p in by_process]}"
    assert Counter(e for found in by_process for e in found) == Counter(demand_events)
    assert len(scored) == DEMANDS  # every demand has its recommendations
    assert stored <= DEMANDS * settings.matcher.demand_top_k
    pairs = [(m.demand_id, m.achievement_id) for m in announced]
    assert len(set(pairs)) == len(pairs)
    assert {m.direction for m in announced} == {"demand→supply", "supply→demand"}
