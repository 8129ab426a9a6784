"""Floods, failures and the command menu: nothing crashes, nothing is lost."""

from __future__ import annotations

import fakeredis
import pytest

from bot.app import set_commands
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.texts import T
from tests.support.bot_harness import texts
from tests.support.clock import Clock
from tests.unit.bot.conftest import ADMIN, ENTERPRISE_USER, add_enterprise_contact

USER = 140


@pytest.fixture
def bot_settings(bot_settings):
    return bot_settings.model_copy(update={"flood_limit": 5, "flood_window_seconds": 10})


async def test_a_flood_gets_one_polite_warning_and_is_dropped(harness):
    replies = [texts(await harness.send(USER, "/help")) for _ in range(9)]

    assert all(T.HELP in r[0] for r in replies[:5])
    assert replies[5] == [T.FLOOD_WARNING]
    assert replies[6:] == [[], [], []]


async def test_an_update_delivered_twice_is_handled_once(harness):
    first = await harness.send(USER, "/help")

    again = await harness.redeliver()

    assert texts(first) and again == []


async def test_the_flood_guard_opens_again_in_the_next_window():
    redis = fakeredis.FakeAsyncRedis()
    clock = Clock(1_000.0)
    guard = ThrottlingMiddleware(redis, limit=2, window_seconds=10, scope="t", clock=clock)

    hits = [await guard.hit(USER) for _ in range(3)]
    clock.now += 10
    after = await guard.hit(USER)

    assert (hits, after) == ([1, 2, 3], 1)


async def test_an_unexpected_error_apologises_and_keeps_the_dialog(
    harness, services, sessions, monkeypatch
):
    add_enterprise_contact(sessions)
    await harness.send(ENTERPRISE_USER, "/demand")
    await harness.send(ENTERPRISE_USER, "永磁电机高温退磁")

    async def broken(*args, **kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(services["users"], "ensure", broken)
    calls = await harness.send(ENTERPRISE_USER, "电机磁钢在高温下退磁，需要耐高温的磁材。")
    monkeypatch.undo()
    retried = await harness.send(ENTERPRISE_USER, "电机磁钢在高温下退磁，需要耐高温的磁材。")

    assert texts(calls) == [T.INTERNAL_ERROR]
    assert "第 3/5 步" in texts(retried)[0]


async def test_the_command_menu_is_set_for_everyone_and_for_admins(harness, services):
    await set_commands(harness.bot, services["users"])

    default, admin = [c for c in harness.session.calls if c.method == "setMyCommands"]
    assert [c.command for c in default.params["commands"]] == list(T.COMMANDS)
    assert {"stats", "broadcast", "approve"} <= {c.command for c in admin.params["commands"]}
    assert admin.params["scope"].chat_id == ADMIN


async def test_in_a_group_commands_point_to_the_private_chat_and_the_rest_is_ignored(harness):
    group = -100_555
    command = await harness.send(USER, "/demand", group=group)
    chatter = await harness.send(USER, "有谁做过风电叶片回收吗", group=group)

    assert texts(command) == [T.PRIVATE_ONLY]
    assert command[0].params["chat_id"] == group
    assert chatter == []
    assert await harness.state(USER) is None  # no dialog started anywhere
