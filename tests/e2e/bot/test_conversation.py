"""The whole conversation through the real aiogram polling loop and the real pipeline:
a broker is approved, an enterprise registers and posts a demand, recommendations arrive,
the enterprise is interested, the broker is alerted, claims the match and signs it. The
search box uses the matching consumer's index, as in `mengke run`."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.callbacks import MatchCb
from bot.texts import T
from producers.importer import import_file
from storage import models
from tests.e2e.bot.conftest import ADMIN
from tests.support.bot_e2e import Chat, button_data, buttons, eventually, text_of
from tests.support.paths import devset

BROKER, CONTACT = 2001, 1001


def stored(context, model, *conditions) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.count()).select_from(model).where(*conditions))


def approve_broker(api, broker: Chat) -> None:
    admin = Chat(api, ADMIN)
    broker.say("/broker", T.BROKER_APPLIED)
    application = admin.expect("技术经纪人申请")
    admin.tap(button_data(application, T.BTN_APPROVE), "已批准")
    broker.expect(T.APPROVED_USER)
    industries = broker.say("/scope", "第 1/2 步")
    regions = broker.tap(button_data(industries, T.BTN_DONE), "第 2/2 步")
    broker.tap(button_data(regions, T.BTN_DONE), "负责范围已更新")


def register_enterprise(contact: Chat) -> None:
    greeting = contact.say("/start", "请问您是哪一类用户")
    contact.tap(button_data(greeting, T.ROLE_ENTERPRISE), "第 1/5 步")
    regions = contact.say("包头金鹿磁材有限公司", "第 2/5 步")
    contact.tap(button_data(regions, "包头"), "第 3/5 步")
    qualifications = contact.say("稀土新材料", "第 4/5 步")
    contact.tap(button_data(qualifications, "高新技术企业"))
    sizes = contact.tap(button_data(qualifications, T.BTN_DONE), "第 5/5 步")
    summary = contact.tap(button_data(sizes, "中型"), "请核对")
    contact.tap(button_data(summary, T.BTN_CONFIRM), "企业信息已登记")


def post_demand(contact: Chat) -> None:
    contact.say("/demand", "第 1/5 步")
    contact.say("永磁电机高温退磁", "第 2/5 步")
    industries = contact.say(
        "我们生产的永磁同步电机在高温工况下钕铁硼磁钢退磁严重，想找耐高温的稀土永磁材料。",
        "第 3/5 步",
    )
    contact.tap(button_data(industries, "稀土新材料"), "第 4/5 步")
    regions = contact.say("80", "第 5/5 步")
    summary = contact.tap(button_data(regions, "包头"), "请核对")
    contact.tap(button_data(summary, T.BTN_CONFIRM), "已提交")


def test_demand_to_signed_contract(fake_bot_api, context, bot_process):
    import_file(context.bus, "achievements", devset() / "achievements.jsonl")
    eventually(lambda: stored(context, models.Achievement) == 80)
    broker, contact = Chat(fake_bot_api, BROKER), Chat(fake_bot_api, CONTACT)
    results = contact.say("耐高温钕铁硼磁体", "相关的成果共")
    assert "/demand" in text_of(results) and len(buttons(results)) >= 2
    approve_broker(fake_bot_api, broker)
    register_enterprise(contact)
    post_demand(contact)

    recommendation = contact.expect("为您的需求「永磁电机高温退磁」推荐")
    text = text_of(recommendation)
    for label in ("持有方：", "地区：", "成熟度：", "转化方式：", "匹配度：", "匹配理由："):
        assert label in text
    assert [label for label, _ in buttons(recommendation)] == [
        T.BTN_INTERESTED,
        T.BTN_IRRELEVANT,
        T.BTN_DETAIL,
    ]
    interested = button_data(recommendation, T.BTN_INTERESTED)
    match_id = MatchCb.unpack(interested).match_id
    contact.tap(interested, T.MARK_INTERESTED)

    claim = MatchCb(action="claim", match_id=match_id).pack()
    alert = broker.expect(T.MATCH_STATUS["interested"])
    while claim not in [data for _, data in buttons(alert)]:
        alert = broker.expect(T.MATCH_STATUS["interested"])
    claimed = broker.tap(claim, T.CLAIMED_BY_YOU)
    broker.tap(button_data(claimed, T.BTN_SIGNED), T.MATCH_STATUS["signed"])

    eventually(
        lambda: (
            stored(
                context,
                models.Match,
                models.Match.id == match_id,
                models.Match.status == "signed",
                models.Match.claimed_by == BROKER,
            )
            == 1
        )
    )
    assert stored(context, models.Demand, models.Demand.contact_user_id == CONTACT) == 1
