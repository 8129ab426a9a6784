"""Dialogs through the real polling loop: bad inputs, a restart mid-dialog, admin /stats."""

from __future__ import annotations

import io

import matplotlib.image

from bot.texts import T
from mengke.context import build_context
from mengke.events import decode
from storage import models
from tests.e2e.bot.conftest import ADMIN
from tests.support.bot_e2e import BotProcess, Chat, attached, button_data, buttons
from tests.support.pipeline import add_user, fresh_matcher

CONTACT = 1101
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def add_contact(context, user_id: int = CONTACT) -> None:
    with context.sessions.begin() as session:
        session.add(models.Enterprise(id=f"tg{user_id}", name="包头金鹿磁材有限公司"))
        add_user(session, user_id, enterprise_id=f"tg{user_id}")


def submitted_titles(bus) -> list[str]:
    envelopes = [decode(r.value) for r in bus.records(bus.topics.demands)]
    return [e.payload["title"] for e in envelopes if e.type == "demand.submitted"]


def test_bad_inputs_are_explained_and_the_dialog_stays_on_its_step(
    fake_bot_api, context, lone_bot
):
    add_contact(context)
    contact = Chat(fake_bot_api, CONTACT)

    contact.say("/demand", "第 1/5 步")
    contact.say("   ", T.ERR_EMPTY)
    contact.say("退磁", "至少需要 4 个字")
    contact.say("磁" * 51, "最多 50 个字，您输入了 51 个字")
    contact.say("永磁电机高温退磁", "第 2/5 步")
    contact.say("电机磁钢在高温下退磁，需要耐高温磁材。", "第 3/5 步")
    contact.say("稀土新材料", "第 4/5 步")
    contact.say("五十万", T.ERR_NOT_NUMBER)
    contact.say("50", "第 5/5 步")
    summary = contact.say("包头", "请核对")
    contact.tap(button_data(summary, T.BTN_CONFIRM), "已提交")

    contact.say("/subscribe", "想订阅哪类提醒")
    assert submitted_titles(context.bus) == ["永磁电机高温退磁"]


def test_an_unknown_option_is_refused_with_the_choices_shown_again(
    fake_bot_api, context, lone_bot
):
    chat = Chat(fake_bot_api, 1102)
    kinds = chat.say("/subscribe", "想订阅哪类提醒")
    chat.tap(button_data(kinds, T.BTN_SUB_KEYWORD), "第 1/2 步")
    chat.say("钕铁硼、永磁电机", "第 2/2 步")

    refusal = chat.say("每月", "「每月」不是可选项")

    assert [label for label, _ in buttons(refusal)] == ["每天", "每周"]
    chat.say("每周", "已订阅")


def test_a_restart_in_the_middle_of_a_demand_resumes_at_the_same_step(
    fake_bot_api, context, settings
):
    add_contact(context)
    contact = Chat(fake_bot_api, CONTACT)
    first = BotProcess(context, fresh_matcher()).start()
    try:
        contact.say("/demand", "第 1/5 步")
        contact.say("永磁电机高温退磁", "第 2/5 步")
    finally:
        first.close()

    # A new process: nothing shared with the first but Redis and the database.
    restarted = build_context(settings)
    second = BotProcess(restarted, fresh_matcher()).start()
    try:
        contact.say("电机磁钢在高温下退磁，需要耐高温磁材。", "第 3/5 步")
        contact.say("稀土新材料", "第 4/5 步")
        contact.say("跳过", "第 5/5 步")
        summary = contact.say("包头", "请核对")
        contact.tap(button_data(summary, T.BTN_CONFIRM), "已提交")
    finally:
        second.close()
        restarted.close()
    assert submitted_titles(restarted.bus) == ["永磁电机高温退磁"]


def test_stats_are_refused_to_others_and_charted_for_admins(fake_bot_api, context, lone_bot):
    Chat(fake_bot_api, 1103).say("/stats", T.ADMIN_ONLY)
    admin = Chat(fake_bot_api, ADMIN)

    admin.say("/stats", "平台统计")
    photo = admin.expect(T.CHART_CAPTION)

    png = attached(photo, "photo")
    assert png.startswith(PNG_SIGNATURE)
    assert matplotlib.image.imread(io.BytesIO(png), format="png").ndim == 3
