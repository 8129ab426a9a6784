"""/subscribe (keywords or policy topics, daily or weekly), /mysubs, /unsubscribe."""

from __future__ import annotations

from sqlalchemy import select

from bot.callbacks import SubscribeCb
from bot.texts import T
from storage import models
from tests.support.bot_harness import button, texts
from tests.unit.bot.conftest import add_enterprise_contact

USER = 130


def stored(sessions) -> list[tuple]:
    with sessions() as session:
        rows = session.scalars(select(models.Subscription).order_by(models.Subscription.id))
        return [(r.kind, r.keywords, r.industries, r.frequency, r.active) for r in rows]


async def subscribe_keywords(harness, words: str, frequency: str = "每天") -> list:
    await harness.send(USER, "/subscribe")
    await harness.tap(USER, SubscribeCb(kind="keyword").pack())
    calls = await harness.send(USER, words)
    return await harness.tap(USER, button(calls, frequency))


async def test_a_keyword_subscription_is_stored_with_its_frequency(harness, sessions):
    calls = await subscribe_keywords(harness, "钕铁硼、永磁电机 ，钕铁硼", "每周")

    assert "已订阅：成果提醒 · 关键词：钕铁硼、永磁电机 · 每周" in texts(calls)[-1]
    assert stored(sessions) == [("keyword", ["钕铁硼", "永磁电机"], [], "weekly", True)]


async def test_too_many_or_too_long_keywords_are_refused(harness, sessions):
    await harness.send(USER, "/subscribe")
    await harness.tap(USER, SubscribeCb(kind="keyword").pack())

    many = texts(await harness.send(USER, "、".join(f"词{i}" for i in range(11))))[0]
    long = texts(await harness.send(USER, "钕铁硼," + "磁" * 21))[0]

    assert "最多可以填 10 个关键词，您填了 11 个" in many
    assert "每个关键词最多 20 个字" in long
    assert stored(sessions) == []


async def test_policy_subscriptions_need_an_enterprise(harness, sessions):
    calls = await harness.send(USER, "/subscribe")

    refused = await harness.tap(USER, button(calls, T.BTN_SUB_POLICY))

    assert texts(refused) == [T.POLICY_NEEDS_ENTERPRISE]
    assert await harness.state(USER) is None


async def test_a_policy_subscription_goes_through_the_policy_branch(harness, sessions):
    add_enterprise_contact(sessions, USER)
    calls = await harness.send(USER, "/subscribe")
    calls = await harness.tap(USER, button(calls, T.BTN_SUB_POLICY))
    calls = await harness.tap(USER, button(calls, "新能源"))
    calls = await harness.tap(USER, button(calls, T.BTN_DONE))
    calls = await harness.tap(USER, button(calls, T.BTN_SKIP))
    calls = await harness.send(USER, "每周")

    assert "政策提醒 · 行业：新能源 · 主题：（未填） · 每周" in texts(calls)[-1]
    assert stored(sessions) == [("policy", [], ["新能源"], "weekly", True)]


async def test_mysubs_lists_and_unsubscribe_removes_one_per_tap(harness, sessions):
    assert texts(await harness.send(USER, "/mysubs")) == [T.MY_SUBS_EMPTY]
    await subscribe_keywords(harness, "钕铁硼")
    await subscribe_keywords(harness, "光伏")

    listing = texts(await harness.send(USER, "/mysubs"))[0]
    assert (
        "1. 成果提醒 · 关键词：钕铁硼 · 每天" in listing
        and "2. 成果提醒 · 关键词：光伏" in listing
    )

    calls = await harness.send(USER, "/unsubscribe")
    first = button(calls, "退订第 1 条")
    calls = await harness.tap(USER, first)
    assert T.UNSUBSCRIBED in texts(calls)
    [edited] = [c for c in calls if c.method == "editMessageText"]
    assert "光伏" in edited.text and "钕铁硼" not in edited.text
    assert texts(await harness.tap(USER, first)) == [T.SUB_NOT_FOUND]
    assert [row[-1] for row in stored(sessions)] == [False, True]


async def test_nobody_unsubscribes_someone_else(harness, sessions):
    await subscribe_keywords(harness, "钕铁硼")
    calls = await harness.send(USER, "/unsubscribe")

    refused = await harness.tap(999, button(calls, "退订第 1 条"))

    assert texts(refused) == [T.SUB_NOT_FOUND]
    assert stored(sessions)[0][-1] is True
