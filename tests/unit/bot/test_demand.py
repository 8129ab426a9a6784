"""/demand: the dialog, its checks, editing before confirming, and the event it publishes."""

from __future__ import annotations

from bot.states import DemandForm
from bot.texts import T
from tests.support.bot_harness import button, texts
from tests.unit.bot.conftest import ENTERPRISE_USER, add_enterprise_contact, published

USER = ENTERPRISE_USER


async def fill_demand(harness) -> list:
    await harness.send(USER, "/demand")
    await harness.send(USER, "永磁电机高温退磁")
    calls = await harness.send(
        USER, "我们的永磁同步电机在 150℃ 工况下磁钢退磁严重，想找耐高温磁材方案。"
    )
    calls = await harness.tap(USER, button(calls, "稀土新材料"))
    calls = await harness.send(USER, "50万")
    return await harness.tap(USER, button(calls, "包头"))


async def test_demand_needs_a_registered_enterprise(harness):
    calls = await harness.send(USER, "/demand")

    assert texts(calls) == [T.NEED_ENTERPRISE]
    assert await harness.state(USER) is None


async def test_a_confirmed_demand_is_published_with_its_contact_and_enterprise(
    harness, bus, sessions
):
    enterprise_id = add_enterprise_contact(sessions)
    calls = await fill_demand(harness)
    summary = calls[-1].text
    assert "永磁电机高温退磁" in summary and "50 万元" in summary and "包头" in summary

    calls = await harness.tap(USER, button(calls, T.BTN_CONFIRM))

    assert "需求「永磁电机高温退磁」已提交" in texts(calls)[-1]
    [event] = published(bus, "demand.submitted")
    assert event.source == "bot"
    assert event.payload == {
        **event.payload,
        "title": "永磁电机高温退磁",
        "industry": "稀土新材料",
        "budget_wan": 50.0,
        "region": "包头",
        "contact_user_id": USER,
        "enterprise_id": enterprise_id,
        "enterprise": "包头金鹿磁材有限公司",
    }
    assert await harness.state(USER) is None


async def test_any_field_can_be_edited_before_confirming(harness, bus, sessions):
    add_enterprise_contact(sessions)
    calls = await fill_demand(harness)

    calls = await harness.tap(USER, button(calls, "修改预算"))
    assert "当前填写的是：50 万元" in texts(calls)[-1]
    calls = await harness.tap(USER, button(calls, T.BTN_SKIP))
    assert "请核对" in calls[-1].text and f"<b>预算</b>：{T.NOT_FILLED}" in calls[-1].text
    calls = await harness.tap(USER, button(calls, "修改需求标题"))
    calls = await harness.send(USER, "电机磁钢耐高温")
    await harness.tap(USER, button(calls, T.BTN_CONFIRM))

    [event] = published(bus, "demand.submitted")
    assert event.payload["title"] == "电机磁钢耐高温"
    assert event.payload["budget_wan"] is None
    assert event.payload["region"] == "包头"


async def test_a_budget_must_be_a_number_in_range(harness, sessions):
    add_enterprise_contact(sessions)
    await harness.send(USER, "/demand")
    await harness.send(USER, "永磁电机高温退磁")
    calls = await harness.send(USER, "电机磁钢在高温下退磁，需要耐高温的钕铁硼磁材。")
    await harness.send(USER, "稀土新材料")

    assert T.ERR_NOT_NUMBER in texts(await harness.send(USER, "五十万"))[0]
    assert "0 到 10000000 万元之间" in texts(await harness.send(USER, "-5"))[0]
    assert await harness.state(USER) == DemandForm.budget.state
    calls = await harness.send(USER, "１２.5 万元")
    assert "第 5/5 步" in texts(calls)[0]


async def test_too_short_and_too_long_text_say_the_limit(harness, sessions):
    add_enterprise_contact(sessions)
    await harness.send(USER, "/demand")

    assert "最多 50 个字，您输入了 60 个字" in texts(await harness.send(USER, "磁" * 60))[0]
    assert "至少需要 4 个字" in texts(await harness.send(USER, "退磁"))[0]
    await harness.send(USER, "永磁电机高温退磁")
    assert "最多 1000 个字" in texts(await harness.send(USER, "磁" * 1001))[0]
    assert await harness.state(USER) == DemandForm.description.state


async def test_user_text_is_escaped_in_html(harness, sessions):
    add_enterprise_contact(sessions)
    await harness.send(USER, "/demand")
    await harness.send(USER, "<b>退磁</b> & 矫顽力")
    await harness.send(USER, "磁钢高温退磁 <i>很严重</i>，想找方案。")
    await harness.send(USER, "稀土新材料")
    await harness.send(USER, "跳过")
    calls = await harness.send(USER, "<script>")

    summary = calls[-1].text
    assert "&lt;b&gt;退磁&lt;/b&gt; &amp; 矫顽力" in summary
    assert "&lt;script&gt;" in summary and "<script>" not in summary


async def test_cancel_leaves_the_dialog_and_unknown_commands_do_not(harness, sessions):
    add_enterprise_contact(sessions)
    await harness.send(USER, "/demand")
    await harness.send(USER, "永磁电机高温退磁")

    unknown = texts(await harness.send(USER, "/foo"))
    assert unknown == [T.UNKNOWN_COMMAND_IN_FORM.format(form=T.FORM_DEMAND)]
    assert await harness.state(USER) == DemandForm.description.state

    assert texts(await harness.send(USER, "/cancel")) == [T.CANCELLED.format(form=T.FORM_DEMAND)]
    assert await harness.state(USER) is None
    assert texts(await harness.send(USER, "/cancel")) == [T.NOTHING_TO_CANCEL]


async def test_text_on_the_confirmation_step_points_at_the_buttons(harness, sessions):
    add_enterprise_contact(sessions)
    await fill_demand(harness)

    calls = await harness.send(USER, "好的")

    assert T.ERR_CONFIRM_USE_BUTTONS in calls[0].text
    assert any(label == T.BTN_CONFIRM for label, _ in calls[0].buttons)
    assert await harness.state(USER) == DemandForm.confirm.state


async def test_a_failed_submission_keeps_everything_for_a_second_try(
    harness, sessions, bus, monkeypatch
):
    add_enterprise_contact(sessions)
    confirm = button(await fill_demand(harness), T.BTN_CONFIRM)

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(bus, "publish", broker_down)
    failed = await harness.tap(USER, confirm)
    monkeypatch.undo()
    retried = await harness.tap(USER, confirm)

    assert texts(failed) == [T.INTERNAL_ERROR]
    assert "已提交" in texts(retried)[0]
    assert [e.payload["title"] for e in published(bus, "demand.submitted")] == ["永磁电机高温退磁"]
