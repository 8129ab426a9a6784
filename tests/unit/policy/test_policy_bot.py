"""/policies through the bot's real dispatcher (all routers, middlewares, services): the
qualifying policies with their gap reports, the near misses, and the detail view."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime

import fakeredis
import pytest

from bot.app import build_services
from bot.services.policies import PolicyService
from mengke.bus.memory import MemoryBus
from mengke.settings import BotSettings
from storage import models
from tests.support.bot_harness import BotHarness, button, recorded_bot, texts
from tests.support.policy_pushes import SHANGHAI, add_devset_policy, add_subscriber

MEMBER, STRANGER = 501, 502
TODAY = datetime(2026, 11, 20, 10, tzinfo=SHANGHAI)


class NoSearch:
    def search(self, text: str, limit: int) -> list:
        return []


@pytest.fixture
async def bot(sessions, ranker_for_bot) -> AsyncIterator[BotHarness]:
    with sessions.begin() as session:
        for number in range(1, 21):
            add_devset_policy(session, f"DP{number:03d}")
        add_subscriber(session, MEMBER, "DE009")  # 呼和浩特青草湾牧业, rd_ratio unknown
        session.add(models.User(id=STRANGER, role="enterprise"))
    redis = fakeredis.FakeAsyncRedis()
    services = build_services(
        sessions, MemoryBus(), redis, NoSearch(), admin_ids=[], scope="policy-test"
    )
    services["policies"] = PolicyService(sessions, lambda: ranker_for_bot, lambda: TODAY)
    async with recorded_bot(
        redis, BotSettings(flood_limit=1000), services, "policy-test"
    ) as harness:
        yield harness


@pytest.fixture(scope="module")
def ranker_for_bot():
    from mengke.pushes.ranking import build_policy_ranker

    return build_policy_ranker()


async def test_policies_lists_what_the_enterprise_qualifies_for_and_its_near_misses(bot):
    calls = await bot.send(MEMBER, "/policies")
    [text] = texts(calls)
    assert text.startswith("📋 适合「呼和浩特青草湾牧业有限公司」的政策：4 条")
    listed, near_misses = text.split("🔍 差一点就符合：")
    for title in (
        "奶业振兴专项资金项目实施方案",
        "自治区种业振兴行动重点项目申报通知",
        "呼和浩特市乳业及生物发酵产业链科技项目指南",
    ):
        assert title in listed
    assert "满足 2/3 条件，缺少：科技型中小企业认定" in near_misses
    assert "还剩" in listed and "⚠️" in text
    labels = [label for label, _ in calls[-1].buttons]
    assert labels == ["📄 1", "📄 2", "📄 3", "📄 4", "📄 5", "📄 6", "🔔 订阅政策推送"]


async def test_the_detail_view_checks_every_condition(bot):
    calls = await bot.send(MEMBER, "/policies")
    number = re.search(r"(\d+)\. <b>科技型中小企业研发投入后补助", texts(calls)[0]).group(1)
    detail = await bot.tap(MEMBER, button(calls, f"📄 {number}"))
    [text] = texts(detail)
    assert "科技型中小企业研发投入后补助实施细则" in text
    assert "❌ 资质：科技型中小企业" in text
    assert "⚠️ 研发投入占营业收入比例 ≥ 3%（研发投入占比未提供，按满足计，需核实）" in text
    back = await bot.tap(MEMBER, button(detail, "返回列表"))
    assert texts(back)[0].startswith("📋 适合「呼和浩特青草湾牧业有限公司」")


async def test_the_subscribe_button_opens_the_policy_subscription_dialog(bot):
    calls = await bot.send(MEMBER, "/policies")
    await bot.tap(MEMBER, button(calls, "订阅政策推送"))
    assert await bot.state(MEMBER) is not None


async def test_a_user_without_an_enterprise_is_told_to_register_first(bot):
    [text] = texts(await bot.send(STRANGER, "/policies"))
    assert "请先登记企业信息" in text
