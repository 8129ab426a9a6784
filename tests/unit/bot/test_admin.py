"""Admin commands: /stats as text and a PNG chart, /broadcast with confirmation, /broadcasts."""

from __future__ import annotations

import io

import fakeredis
import matplotlib.image
import pytest
from aiogram.types import BufferedInputFile
from sqlalchemy import select, update

from bot.delivery import TelegramChannel
from bot.texts import T
from consumers.dispatch import Dispatcher
from consumers.ratelimit import RateLimiter
from mengke.settings import NotifierSettings
from storage import models
from tests.support.bot_harness import button, texts
from tests.unit.bot.conftest import ADMIN, BROKER, add_brokers, add_match

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("command", sorted(T.ADMIN_COMMANDS))
async def test_admin_commands_are_refused_to_non_admins(harness, command):
    calls = await harness.send(123, f"/{command}")

    assert texts(calls) == [T.ADMIN_ONLY]
    assert [c.method for c in calls] == ["sendMessage"]


async def test_stats_give_supply_demand_and_the_funnel_as_text_and_png(harness, sessions):
    add_brokers(sessions, BROKER)
    add_match(sessions, status="signed", claimed_by=BROKER)
    add_match(sessions, achievement_id="DA010", status="interested")
    add_match(sessions, achievement_id="DA011")

    calls = await harness.send(ADMIN, "/stats")

    text = texts(calls)[0]
    assert "成果 80 项 · 需求 1 条 · 匹配 3 对" in text
    assert "稀土新材料：" in text and "包头：" in text
    assert "推荐 3 → 感兴趣 2（67%） → 认领 1（50%） → 签约 1（100%）" in text
    [photo_call] = [c for c in calls if c.method == "sendPhoto"]
    photo = photo_call.params["photo"]
    assert isinstance(photo, BufferedInputFile)
    assert photo.data.startswith(PNG_SIGNATURE)
    image = matplotlib.image.imread(io.BytesIO(photo.data), format="png")
    assert image.shape[0] > 500 and image.shape[1] > 500


async def test_broadcast_is_confirmed_queued_and_delivered_by_the_notifier(harness, sessions):
    with sessions.begin() as session:
        session.add_all(
            [models.User(id=501), models.User(id=502), models.User(id=503, is_active=False)]
        )
    await harness.send(ADMIN, "/broadcast")
    calls = await harness.send(ADMIN, "明天上午 9 点 <系统维护>")
    assert "明天上午 9 点 &lt;系统维护&gt;" in calls[-1].text

    calls = await harness.tap(ADMIN, button(calls, T.BTN_CONFIRM))

    with sessions() as session:
        queued = session.scalars(select(models.Notification.recipient_id)).all()
    assert sorted(queued) == [501, 502, ADMIN]
    assert T.BROADCAST_QUEUED.format(count=3) in texts(calls)
    assert not [c for c in calls if "平台通知" in (c.text or "")]  # the notifier sends them

    harness.session.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", 501)
    before = len(harness.session.calls)
    await _notifier(harness, sessions).deliver_due()

    sent = harness.session.calls[before:]
    assert sorted(c.params["chat_id"] for c in sent) == [501, 502, ADMIN]
    assert all(c.text == "📢 平台通知\n\n明天上午 9 点 &lt;系统维护&gt;" for c in sent)
    with sessions() as session:
        assert not session.get(models.User, 501).is_active
        statuses = session.scalars(select(models.Notification.status)).all()
    assert sorted(statuses) == ["failed", "sent", "sent"]

    [report] = texts(await harness.send(ADMIN, "/broadcasts"))
    assert report.startswith("📊 最近 1 次群发的送达情况\n1. ")
    assert "「明天上午 9 点 &lt;系统维护&gt;」" in report
    assert "共 3 人：已送达 2 · 待发送 0 · 发送失败 0 · 已屏蔽机器人 1" in report
    assert T.BROADCASTS_RETRY_HINT not in report  # a blocked user is not worth retrying


async def test_broadcasts_before_any_is_sent_say_how_to_start(harness):
    calls = await harness.send(ADMIN, "/broadcasts")

    assert texts(calls) == [T.BROADCASTS_NONE]


async def test_broadcasts_quote_the_start_of_long_texts_and_point_to_retries(harness, sessions):
    with sessions.begin() as session:
        session.add(models.User(id=501))
    await harness.send(ADMIN, "/broadcast")
    await harness.tap(ADMIN, button(await harness.send(ADMIN, "一" * 30), T.BTN_CONFIRM))
    with sessions.begin() as session:
        session.execute(update(models.Notification).values(status="failed"))

    [report] = texts(await harness.send(ADMIN, "/broadcasts"))

    assert f"「{'一' * 20}…」" in report
    assert "共 2 人：已送达 0 · 待发送 0 · 发送失败 2 · 已屏蔽机器人 0" in report
    assert report.endswith(T.BROADCASTS_RETRY_HINT)


def _notifier(harness, sessions) -> Dispatcher:
    client = fakeredis.FakeRedis()
    limiter = RateLimiter(client, 1000, 1000, scope="test")
    return Dispatcher(sessions, client, TelegramChannel(harness.bot), limiter, NotifierSettings())


async def test_without_a_cjk_font_the_chart_is_refused_with_the_fix(harness, monkeypatch):
    monkeypatch.setattr("bot.charts.CJK_FAMILIES", ("No Such Font CJK",))

    calls = await harness.send(ADMIN, "/stats")

    assert [c.method for c in calls] == ["sendMessage", "sendMessage"]
    assert "平台统计" in calls[0].text
    assert "fonts-noto-cjk" in calls[1].text
