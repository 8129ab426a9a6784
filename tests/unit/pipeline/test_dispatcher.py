"""Delivery from the outbox: retries, flood control, blocked users, restarts, rate limits."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from consumers.outbox import claim_due, requeue_failed
from consumers.ratelimit import RateLimiter
from mengke.channel import RecipientGone, RetryLater, TransientDeliveryError
from mengke.components.notifier import build_notifier
from storage import models
from storage.models import utcnow
from storage.outbox import Notice, enqueue
from storage.redis import DedupKey
from tests.support.pipeline import add_user

USER = 801


@pytest.fixture
def sleeps(notifier) -> list[float]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    notifier.dispatcher.sleep = sleep
    return slept


def _queue(context, count: int = 1) -> None:
    with context.sessions.begin() as session:
        for user in {USER, 802}:
            if session.get(models.User, user) is None:
                add_user(session, user)
        session.flush()
        enqueue(
            session,
            [Notice(USER, "broadcast", f"t:{n}", {"text": f"消息{n}"}) for n in range(count)],
        )


def _rows(context) -> list[models.Notification]:
    with context.sessions() as session:
        return list(session.scalars(select(models.Notification).order_by(models.Notification.id)))


def _deliver(notifier) -> int:
    return asyncio.run(notifier.dispatcher.deliver_due())


def test_flood_control_is_waited_out_and_the_message_sent(context, notifier, channel, sleeps):
    _queue(context)
    channel.failures = [RetryLater(3)]

    _deliver(notifier)

    assert sleeps == [3.0]
    assert [m.payload["text"] for m in channel.sent] == ["消息0"]
    assert [(r.status, r.attempts) for r in _rows(context)] == [("sent", 2)]


def test_a_long_flood_wait_reschedules_the_row_instead_of_blocking(context, notifier, channel):
    _queue(context)
    channel.failures = [RetryLater(3600)]

    _deliver(notifier)

    row = _rows(context)[0]
    assert row.status == "pending" and channel.sent == []
    assert row.next_attempt_at.replace(tzinfo=None) > (utcnow() + timedelta(minutes=50)).replace(
        tzinfo=None
    )
    assert _deliver(notifier) == 0


def test_a_user_who_blocked_the_bot_is_marked_inactive_and_not_retried(
    context, notifier, channel, sleeps
):
    _queue(context)
    channel.failures = [RecipientGone("Forbidden: bot was blocked by the user")]

    _deliver(notifier)

    row = _rows(context)[0]
    assert (row.status, row.attempts) == ("failed", 1)
    assert "blocked" in row.last_error and sleeps == []
    with context.sessions() as session:
        assert session.get(models.User, USER).is_active is False
    assert requeue_failed(context.sessions) == 0


def test_network_trouble_is_retried_with_backoff_then_left_failed_for_retry_failed(
    context, notifier, channel, sleeps
):
    attempts = context.settings.notifier.max_attempts
    _queue(context)
    channel.failures = [TransientDeliveryError("502 Bad Gateway")] * attempts

    _deliver(notifier)

    row = _rows(context)[0]
    assert (row.status, row.attempts) == ("failed", attempts)
    assert "502" in row.last_error
    assert sleeps == sorted(sleeps) and len(sleeps) == attempts - 1
    assert requeue_failed(context.sessions) == 1
    _deliver(notifier)
    assert [r.status for r in _rows(context)] == ["sent"] and len(channel.sent) == 1


def test_a_row_sent_before_a_crash_is_settled_without_sending_it_again(context, notifier, channel):
    _queue(context)
    marker = DedupKey(notifier.dispatcher.scope, f"{USER}:t:0")
    context.redis.set(str(marker), b"1")

    _deliver(notifier)

    assert channel.sent == [] and [r.status for r in _rows(context)] == ["sent"]


def test_a_claimed_row_is_invisible_to_a_second_notifier_until_its_lease_ends(context):
    _queue(context, count=3)

    first = claim_due(context.sessions, 2, timedelta(minutes=5))
    second = claim_due(context.sessions, 5, timedelta(minutes=5))

    assert len(first) == 2 and len(second) == 1
    assert not {c.id for c in first} & {c.id for c in second}
    assert claim_due(context.sessions, 5, timedelta(minutes=5)) == []


def test_the_rate_limiter_holds_a_chat_to_its_share_and_the_bot_to_its_total(context):
    now = [100.2]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(round(seconds, 2))
        now[0] += seconds

    limiter = RateLimiter(context.redis, 3, 1, scope="unit", clock=lambda: now[0], sleep=sleep)

    async def burst() -> None:
        for chat in (1, 1, 2, 3, 4):
            await limiter.acquire(chat)

    asyncio.run(burst())

    assert slept == [0.8, 1.0]  # chat 1 waits for the next second; chat 4 is the bot's 4th


def test_rows_left_by_a_notifier_that_died_are_sent_by_the_next_one(context, channel):
    _queue(context, count=2)
    claim_due(context.sessions, 1, timedelta(0))  # claimed, then the process died: lease over

    successor = build_notifier(context, channel=channel, channel_name="test")
    asyncio.run(successor.dispatcher.deliver_due())

    assert [r.status for r in _rows(context)] == ["sent", "sent"]
    assert sorted(m.payload["text"] for m in channel.sent) == ["消息0", "消息1"]
