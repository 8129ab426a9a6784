"""/mydemands: status and match count of one's own demands, and closing one."""

from __future__ import annotations

from bot.callbacks import DemandCb
from bot.texts import T
from storage import models
from tests.support.bot_harness import button, texts
from tests.unit.bot.conftest import ENTERPRISE_USER, add_match, published

USER = ENTERPRISE_USER
DEMAND = f"tg{USER}-d1"


async def test_empty_list_points_to_demand(harness):
    assert texts(await harness.send(USER, "/mydemands")) == [T.MY_DEMANDS_EMPTY]


async def test_demands_show_status_and_match_count(harness, sessions):
    add_match(sessions)
    add_match(sessions, achievement_id="DA010")
    with sessions.begin() as session:
        session.add(
            models.Demand(id="tg100-old", title="旧需求", contact_user_id=USER, status="closed")
        )

    [listing] = await harness.send(USER, "/mydemands")

    assert "共 2 条" in listing.text
    assert "1. <b>永磁电机高温退磁</b>\n    进行中 · 已匹配 2 项成果" in listing.text
    assert "2. <b>旧需求</b>\n    已关闭 · 已匹配 0 项成果" in listing.text
    assert [label for label, _ in listing.buttons] == [T.BTN_CLOSE_DEMAND.format(index=1)]


async def test_closing_asks_first_then_publishes_the_event(harness, bus, sessions):
    add_match(sessions)
    listing = await harness.send(USER, "/mydemands")

    ask = await harness.tap(USER, button(listing, "关闭第 1 条"))
    assert "确定关闭需求「永磁电机高温退磁」吗" in texts(ask)[0]
    assert published(bus, "demand.closed") == []
    done = await harness.tap(USER, button(ask, T.BTN_CLOSE_YES))

    assert T.DEMAND_CLOSED.format(title="永磁电机高温退磁") in texts(done)
    [event] = published(bus, "demand.closed")
    assert event.payload == {"id": DEMAND}


async def test_keeping_publishes_nothing(harness, bus, sessions):
    add_match(sessions)

    calls = await harness.tap(USER, DemandCb(action="keep", demand_id=DEMAND).pack())

    assert T.DEMAND_KEPT.format(title="永磁电机高温退磁") in texts(calls)
    assert published(bus, "demand.closed") == []


async def test_nobody_closes_a_demand_of_someone_else(harness, bus, sessions):
    add_match(sessions)

    calls = await harness.tap(555, DemandCb(action="close", demand_id=DEMAND).pack())

    assert texts(calls) == [T.DEMAND_NOT_FOUND]
    assert published(bus, "demand.closed") == []
