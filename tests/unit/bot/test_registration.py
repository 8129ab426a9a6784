"""/start and the enterprise registration dialog."""

from __future__ import annotations

from bot.callbacks import RoleCb
from bot.texts import T
from storage import models
from tests.support.bot_harness import button, texts
from tests.unit.bot.conftest import published

USER = 101


async def test_start_greets_explains_and_asks_for_the_role(harness, sessions):
    calls = await harness.send(USER, "/start")

    greeting = calls[0]
    assert "蒙科聚科技成果对接助手" in greeting.text
    assert greeting.text.count("\n· ") == 3
    assert [label for label, _ in greeting.buttons] == [T.ROLE_ENTERPRISE, T.ROLE_BROKER]
    with sessions() as session:
        assert session.get(models.User, USER) is not None


async def register(harness, user_id: int = USER) -> list:
    await harness.send(user_id, "/start")
    calls = await harness.tap(user_id, RoleCb(role="enterprise").pack())
    calls = await harness.send(user_id, "鄂尔多斯远星煤化有限公司")
    calls = await harness.tap(user_id, button(calls, "鄂尔多斯"))
    calls = await harness.send(user_id, "煤化工")
    calls = await harness.tap(user_id, button(calls, "高新技术企业"))
    calls = await harness.tap(user_id, button(calls, "专精特新"))
    calls = await harness.tap(user_id, button(calls, T.BTN_DONE))
    calls = await harness.tap(user_id, button(calls, "大型"))
    return calls


async def test_registration_publishes_the_enterprise_and_links_the_user(harness, bus, sessions):
    calls = await register(harness)
    assert "请核对「企业登记」的内容" in calls[-1].text
    assert "高新技术企业、专精特新" in calls[-1].text

    calls = await harness.tap(USER, button(calls, T.BTN_CONFIRM))

    assert "企业信息已登记：鄂尔多斯远星煤化有限公司" in texts(calls)[-1]
    [event] = published(bus, "enterprise.registered")
    assert event.payload == {
        **event.payload,
        "id": f"tg{USER}",
        "name": "鄂尔多斯远星煤化有限公司",
        "region": "鄂尔多斯",
        "industry": "煤化工",
        "qualifications": ["高新技术企业", "专精特新"],
        "size": "大型",
        "contact_user_id": USER,
    }
    with sessions() as session:
        assert session.get(models.User, USER).enterprise_id == f"tg{USER}"


async def test_a_second_registration_is_an_update_of_the_same_enterprise(harness, bus):
    await harness.tap(USER, button(await register(harness), T.BTN_CONFIRM))
    await harness.tap(USER, button(await register(harness), T.BTN_CONFIRM))

    [first] = published(bus, "enterprise.registered")
    [second] = published(bus, "enterprise.updated")
    assert first.payload["id"] == second.payload["id"]


async def test_bad_inputs_get_a_reason_and_the_dialog_keeps_its_place(harness, bus):
    calls = await harness.send(USER, "/start")
    await harness.tap(USER, button(calls, T.ROLE_ENTERPRISE))

    assert T.ERR_EMPTY in texts(await harness.send(USER, "   "))[0]
    too_long = texts(await harness.send(USER, "企" * 51))[0]
    assert "最多 50 个字，您输入了 51 个字" in too_long
    assert "第 1/5 步" in too_long
    assert T.ERR_NOT_TEXT_IN_FORM in texts(await harness.send(USER, None, sticker=None))[0]

    calls = await harness.send(USER, "包头金鹿磁材有限公司")
    calls = await harness.send(USER, "包头")  # a typed option name works like the button
    assert "第 3/5 步" in texts(calls)[0]
    calls = await harness.send(USER, "稀土新材料")
    multi = texts(await harness.send(USER, "高新技术企业"))[0]
    assert T.ERR_MULTI_USE_BUTTONS in multi and "第 4/5 步" in multi
    calls = await harness.tap(USER, button(calls, T.BTN_DONE))
    unknown = texts(await harness.send(USER, "超大型"))[0]
    assert "「超大型」不是可选项" in unknown and "第 5/5 步" in unknown
    calls = await harness.send(USER, "中型")
    await harness.tap(USER, button(calls, T.BTN_CONFIRM))

    [event] = published(bus, "enterprise.registered")
    assert (event.payload["name"], event.payload["region"], event.payload["size"]) == (
        "包头金鹿磁材有限公司",
        "包头",
        "中型",
    )
    assert event.payload["qualifications"] == []


async def test_a_button_from_an_earlier_step_is_refused_as_stale(harness):
    calls = await harness.send(USER, "/start")
    await harness.tap(USER, button(calls, T.ROLE_ENTERPRISE))
    calls = await harness.send(USER, "包头金鹿磁材有限公司")
    region_button = button(calls, "包头")
    await harness.tap(USER, region_button)

    answer = await harness.tap(USER, region_button)

    assert texts(answer) == [T.ERR_STALE_BUTTON]
    assert answer[0].params["show_alert"] is True
