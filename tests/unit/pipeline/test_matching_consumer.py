"""The matching consumer on the MemoryBus and SQLite: store once, match, announce, forget."""

from __future__ import annotations

from kafka.errors import KafkaTimeoutError
from sqlalchemy import func, select, update

from consumers.deadletters import DeadLetter, ReplayLedger, replay
from consumers.entities import POLICIES
from consumers.loop import ConsumerLoop
from consumers.matches import Announcer
from consumers.matching import MatchingDeps, ReferenceHandler
from mengke.bus.memory import MemoryBus
from mengke.components.matcher import build_matcher
from mengke.events import decode
from storage import models
from tests.support.pipeline import (
    add_user,
    announced,
    event,
    fresh_matcher,
    publish,
    record,
    records,
    settle,
)


def stored_pairs(context) -> set[tuple[str, str]]:
    with context.sessions() as session:
        return set(session.execute(select(models.Match.demand_id, models.Match.achievement_id)))


def publish_all(bus, kind: str, event_type: str, skip: tuple[str, ...] = ()) -> None:
    for data in records(kind):
        if data["id"] not in skip:
            publish(bus, event_type, data)


def test_a_new_demand_gets_its_top_recommendations_and_the_alerts_are_announced(context, matching):
    publish_all(context.bus, "achievements", "achievement.published")
    settle(matching)
    publish(context.bus, "demand.submitted", record("demands", "DD001"))
    settle(matching)

    with context.sessions() as session:
        rows = session.scalars(select(models.Match).where(models.Match.demand_id == "DD001")).all()
    assert 1 <= len(rows) <= context.settings.matcher.demand_top_k
    assert {r.direction for r in rows} == {"demand→supply"}
    alerts = {(r.demand_id, r.achievement_id) for r in rows if r.alert}
    assert ("DD001", "DA001") in alerts
    assert {(m.demand_id, m.achievement_id) for m in announced(context.bus)} == alerts
    assert all(r.published_at is not None for r in rows if r.alert)
    best = max(rows, key=lambda r: r.score)
    assert best.achievement_id == "DA001"
    assert any(reason["demand_term"] == "NdFeB" for reason in best.reasons)


def test_a_new_achievement_is_percolated_against_the_open_demands(context, matching):
    publish_all(context.bus, "achievements", "achievement.published", skip=("DA001",))
    publish(context.bus, "demand.submitted", record("demands", "DD001"))
    settle(matching)
    assert ("DD001", "DA001") not in stored_pairs(context)

    publish(context.bus, "achievement.published", record("achievements", "DA001"))
    settle(matching)

    news = [m for m in announced(context.bus) if m.achievement_id == "DA001"]
    assert [(m.demand_id, m.direction) for m in news] == [("DD001", "supply→demand")]
    assert news[0].score >= 50


def test_the_same_events_twice_store_and_announce_nothing_new(context, matching):
    for _ in range(2):
        publish_all(context.bus, "achievements", "achievement.published")
        publish_all(context.bus, "demands", "demand.submitted")
    settle(matching)
    first = (len(stored_pairs(context)), len(announced(context.bus)))

    publish_all(context.bus, "demands", "demand.submitted")
    settle(matching)

    assert first[0] > 0 and first[1] > 0
    assert (len(stored_pairs(context)), len(announced(context.bus))) == first
    with context.sessions() as session:
        processed = session.scalar(select(func.count()).select_from(models.ProcessedEvent))
    assert processed == len(records("achievements")) + len(records("demands"))


def test_a_closed_demand_leaves_the_index_and_gets_no_more_alerts(context, matching):
    publish_all(context.bus, "achievements", "achievement.published", skip=("DA001",))
    publish(context.bus, "demand.submitted", record("demands", "DD001"))
    settle(matching)
    assert matching.index.demand("DD001") is not None

    publish(context.bus, "demand.closed", {"id": "DD001"})
    settle(matching)
    publish(context.bus, "achievement.published", record("achievements", "DA001"))
    settle(matching)

    assert matching.index.demand("DD001") is None
    assert ("DD001", "DA001") not in stored_pairs(context)
    with context.sessions() as session:
        assert session.get(models.Demand, "DD001").status == "closed"


def test_a_withdrawn_achievement_leaves_the_index_and_a_replay_cannot_bring_it_back(
    context, matching
):
    published = publish(context.bus, "achievement.published", record("achievements", "DA001"))
    publish(context.bus, "achievement.withdrawn", {"id": "DA001"})
    settle(matching)
    assert matching.index.achievement("DA001") is None

    context.bus.publish(
        context.bus.topics.achievements, "DA001", published.model_dump_json().encode()
    )
    publish(context.bus, "demand.submitted", record("demands", "DD001"))
    settle(matching)

    assert matching.index.achievement("DA001") is None
    assert ("DD001", "DA001") not in stored_pairs(context)
    with context.sessions() as session:
        assert session.get(models.Achievement, "DA001").status == "withdrawn"


def test_a_restart_rebuilds_the_index_and_announces_what_a_crash_left_unannounced(
    context, matching
):
    publish_all(context.bus, "achievements", "achievement.published")
    publish_all(context.bus, "demands", "demand.submitted")
    settle(matching)
    alerts = len(announced(context.bus))
    with context.sessions.begin() as session:
        session.execute(update(models.Match).where(models.Match.alert).values(published_at=None))

    again = build_matcher(context, matcher=fresh_matcher(), instance_id="second")
    settle(again)  # a fresh replica group reads the whole topic: nothing is news to it

    assert again.index.sizes()[:2] == (len(records("achievements")), len(records("demands")))
    pairs = [(m.demand_id, m.achievement_id) for m in announced(context.bus)]
    assert alerts > 0 and len(pairs) == 2 * alerts
    assert sorted(pairs[alerts:]) == sorted(pairs[:alerts])


def test_a_keyword_subscription_hears_of_a_matching_achievement(context):
    with context.sessions.begin() as session:
        add_user(session, 501)
        session.flush()
        session.add(
            models.Subscription(user_id=501, kind="keyword", keywords=["钕铁硼", "晶界扩散"])
        )
    service = build_matcher(context, matcher=fresh_matcher(), instance_id="unit")

    publish(context.bus, "achievement.published", record("achievements", "DA001"))
    settle(service)

    hits = announced(context.bus, "subscription.matched")
    assert [(h.user_id, h.achievement_id) for h in hits] == [(501, "DA001")]
    assert hits[0].achievement_title == record("achievements", "DA001")["title"]


def test_enterprises_and_policies_are_stored(context, matching):
    publish(context.bus, "enterprise.registered", record("enterprises", "DE001"))
    publish(context.bus, "policy.published", record("policies", "DP001"))
    changed = {**record("enterprises", "DE001"), "size": "大型"}
    publish(context.bus, "enterprise.updated", changed)
    settle(matching)

    with context.sessions() as session:
        assert session.get(models.Enterprise, "DE001").size == "大型"
        assert session.get(models.Policy, "DP001").title == record("policies", "DP001")["title"]


def test_a_broken_demand_is_dead_lettered_once_though_two_loops_read_it(context, matching):
    context.bus.publish(context.bus.topics.demands, "D-bad", b'{"event_id": "x"')
    publish(context.bus, "demand.submitted", record("demands", "DD002"))
    settle(matching)

    letters = [
        (r, DeadLetter.model_validate_json(r.value))
        for r in context.bus.records(context.bus.topics.dlq)
    ]
    assert [(d.key, d.error_class) for _, d in letters] == [("D-bad", "ContractError")]
    assert matching.index.demand("DD002") is not None

    ledger = ReplayLedger(context.redis, "test-replayed")
    assert replay(context.bus, ledger, letters) == 1
    assert context.bus.records(context.bus.topics.demands)[-1].value == b'{"event_id": "x"'
    assert replay(context.bus, ledger, letters) == 0


class FlakyBus(MemoryBus):
    """Refuses the next `failures` publications on the matches topic, as a broker that is
    briefly away would."""

    failures = 0

    def publish(self, topic: str, key: str | None, value: bytes) -> None:
        if topic == self.topics.matches and self.failures:
            self.failures -= 1
            raise KafkaTimeoutError("broker away")
        super().publish(topic, key, value)


def test_alerts_the_broker_refused_go_out_when_it_is_back_without_a_restart(context):
    context.bus = bus = FlakyBus()
    service = build_matcher(context, matcher=fresh_matcher(), instance_id="unit")
    for data in records("achievements"):
        publish(bus, "achievement.published", data)
    settle(service)

    bus.failures = 1
    publish(bus, "demand.submitted", record("demands", "DD001"))
    settle(service)

    assert ("DD001", "DA001") in {(m.demand_id, m.achievement_id) for m in announced(bus)}
    with context.sessions() as session:
        unannounced = (
            select(func.count())
            .select_from(models.Match)
            .where(models.Match.alert, models.Match.published_at.is_(None))
        )
        assert session.scalar(unannounced) == 0


def test_a_new_policy_is_handed_to_the_policy_engine_once_inside_the_transaction(
    context, matching
):
    seen: list[tuple[str, bool]] = []

    def hook(session, policy, publish) -> None:
        seen.append((policy.id, session.get(models.Policy, policy.id) is not None))
        push = {
            "recipient_id": 7,
            "policy_ids": [policy.id],
            "kind": "policy_urgent",
            "dedup_key": f"urgent:{policy.id}",
        }
        publish(event("policy.pushed", push))

    deps = MatchingDeps(
        context.sessions, context.bus, matching.index, Announcer(context.bus, context.sessions)
    )
    handler = ReferenceHandler(deps, POLICIES, frozenset({"policy.published"}), hook)
    topic = context.bus.topics.policies
    loop = ConsumerLoop(
        "policies",
        context.bus,
        context.bus.consumer([topic], "p"),
        {topic: handler},
        context.settings.consumer,
    )
    for _ in range(2):
        publish(context.bus, "policy.published", record("policies", "DP001"))
    while loop.step(timeout_s=0):
        pass

    assert seen == [("DP001", True)]
    pushes = [decode(r.value).type for r in context.bus.records(context.bus.topics.pushes)]
    assert pushes == ["policy.pushed"]
