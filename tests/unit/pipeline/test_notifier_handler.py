"""The notifier: who is told about a match, a subscription hit, a policy push, an interest."""

from __future__ import annotations

import asyncio

from sqlalchemy import select, update

from bot.render import render_message
from mengke.bus.memory import MemoryBus
from storage import models
from tests.support.pipeline import (
    add_broker,
    add_user,
    announced,
    publish,
    record,
    records,
    settle,
)

CONTACT = 601
IN_SCOPE = {701, 703, 706}


def _people(context) -> None:
    with context.sessions.begin() as session:
        add_user(session, CONTACT)
        add_broker(session, 701, industries=["稀土新材料"])
        add_broker(session, 702, industries=["大数据"])  # another industry
        add_broker(session, 703, regions=["包头市"])  # 包头市 is 包头
        add_broker(session, 704, status="pending")  # not approved yet
        add_broker(session, 705)
        add_user(session, 706, "broker", broker_status="approved")  # no scope row: everything
        session.flush()
        session.execute(update(models.User).where(models.User.id == 705).values(is_active=False))


def _match_everything(context, matching) -> None:
    _people(context)
    for data in records("achievements"):
        publish(context.bus, "achievement.published", data)
    publish(
        context.bus, "demand.submitted", {**record("demands", "DD001"), "contact_user_id": CONTACT}
    )
    settle(matching)


def _outbox(context) -> list[models.Notification]:
    with context.sessions() as session:
        return list(session.scalars(select(models.Notification).order_by(models.Notification.id)))


def _deliver(notifier) -> int:
    return asyncio.run(notifier.dispatcher.deliver_due())


def test_a_match_reaches_the_demand_contact_and_the_brokers_in_scope_once(
    context, matching, notifier, channel
):
    _match_everything(context, matching)
    alerts = announced(context.bus)
    assert alerts

    settle(notifier)
    _deliver(notifier)

    rows = _outbox(context)
    expected = {(CONTACT, "recommendation")} | {(b, "broker_alert") for b in IN_SCOPE}
    assert {(r.recipient_id, r.kind) for r in rows} == expected
    assert len(rows) == len(expected) * len(alerts)
    assert {r.status for r in rows} == {"sent"}
    assert sorted(m.recipient_id for m in channel.sent) == sorted(r.recipient_id for r in rows)
    text, buttons = render_message(channel.sent[0])
    assert record("achievements", "DA001")["title"][:10] in text and buttons is not None


def test_the_same_match_announced_twice_is_delivered_once(context, matching, notifier, channel):
    _match_everything(context, matching)
    settle(notifier)
    _deliver(notifier)
    sent = len(channel.sent)

    bus: MemoryBus = context.bus
    for raw in [r.value for r in bus.records(bus.topics.matches)]:
        bus.publish(bus.topics.matches, "again", raw)
    settle(notifier)
    _deliver(notifier)

    assert sent > 0 and len(channel.sent) == sent == len(_outbox(context))


def test_nobody_hears_of_a_match_whose_demand_closed_meanwhile(
    context, matching, notifier, channel
):
    _match_everything(context, matching)
    publish(context.bus, "demand.closed", {"id": "DD001"})
    settle(matching)

    settle(notifier)

    assert _outbox(context) == []


def test_subscription_hits_policy_pushes_and_interest_reach_their_people(
    context, matching, notifier, channel
):
    _match_everything(context, matching)
    with context.sessions.begin() as session:
        session.add(models.Subscription(user_id=CONTACT, kind="keyword", keywords=["晶界扩散"]))
    publish(context.bus, "policy.published", record("policies", "DP001"))
    publish(
        context.bus,
        "policy.pushed",
        {
            "recipient_id": CONTACT,
            "policy_ids": ["DP001"],
            "kind": "policy_urgent",
            "dedup_key": "urgent:DP001",
        },
    )
    interest = {
        "demand_id": "DD001",
        "achievement_id": "DA001",
        "user_id": CONTACT,
        "verdict": "interested",
    }
    publish(context.bus, "match.feedback", interest)
    hit = {
        "subscription_id": "1",
        "user_id": CONTACT,
        "achievement_id": "DA001",
        "achievement_title": "x",
        "score": 80,
    }
    publish(context.bus, "subscription.matched", hit)
    settle(matching)

    settle(notifier)
    _deliver(notifier)

    by_key = {(r.recipient_id, r.dedup_key): r for r in _outbox(context)}
    assert by_key[(CONTACT, "achievement:DA001")].payload["keywords"] == ["晶界扩散"]
    assert by_key[(CONTACT, "urgent:DP001")].kind == "policy_urgent"
    assert by_key[(CONTACT, "urgent:DP001")].payload["policies"][0]["id"] == "DP001"
    match_id = by_key[(CONTACT, next(k for r, k in by_key if k.startswith("match:")))].match_id
    assert {r for r, k in by_key if k == f"interested:{match_id}"} == IN_SCOPE
    for message in channel.sent:
        render_message(message)  # every payload fits the bot's cards
