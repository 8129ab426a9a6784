"""A policy closing within 7 days, published through the real matching consumer, is pushed
at once (kind policy_urgent) to the subscribers who qualify — once, however often it comes."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.render import render_message
from mengke.events import CHINA_TZ
from mengke.pushes.service import PushDeps, send_digests
from mengke.runtime import drain
from tests.support.pipeline import publish, record
from tests.support.policy_pushes import add_subscriber, sent


def _subscribers(context) -> None:
    with context.sessions.begin() as session:
        add_subscriber(session, 101, "DE002", "daily")  # qualifies for the 高企培育 policy
        add_subscriber(session, 102, "DE004", "weekly")  # qualifies too
        add_subscriber(session, 105, "DE001", "daily")  # already 高新技术企业: does not


def _closing_in(days: int, **changes) -> dict:
    deadline = datetime.now(CHINA_TZ).date() + timedelta(days=days)
    return {**record("policies", "DP002"), "id": "U1", "deadline": deadline.isoformat(), **changes}


def test_a_policy_closing_within_a_week_is_pushed_at_once_and_only_once(pipeline, channel):
    context, matching, notifier = pipeline
    _subscribers(context)
    publish(context.bus, "policy.published", _closing_in(5))
    drain(context, matching, notifier)
    assert sorted((m.recipient_id, m.kind) for m in channel.sent) == [
        (101, "policy_urgent"),
        (102, "policy_urgent"),
    ]
    text, _ = render_message(channel.sent[0])
    assert "高新技术企业培育库入库企业奖励办法" in text

    publish(context.bus, "policy.published", _closing_in(5))  # the same event again
    publish(context.bus, "policy.published", _closing_in(5, summary="（更正）"))  # an update
    drain(context, matching, notifier)
    assert len(channel.sent) == 2

    deps = PushDeps(sessions=context.sessions, bus=context.bus)
    send_digests(deps, "daily", datetime.now(CHINA_TZ))
    assert all("U1" not in ids for _, key, ids in sent(context.bus) if key.startswith("digest"))


def test_a_policy_with_time_left_waits_for_the_digest(pipeline, channel):
    context, matching, notifier = pipeline
    _subscribers(context)
    publish(context.bus, "policy.published", _closing_in(30))
    drain(context, matching, notifier)
    assert channel.sent == []

    deps = PushDeps(sessions=context.sessions, bus=context.bus)
    send_digests(deps, "daily", datetime.now(CHINA_TZ))
    drain(context, matching, notifier)
    assert [(m.recipient_id, m.kind) for m in channel.sent] == [(101, "policy_digest")]
