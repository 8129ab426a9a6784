"""render_message: every notification kind to HTML and buttons, user text escaped."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.callbacks import AchievementCb, MatchCb
from bot.render import render_message
from bot.texts import T
from mengke.channel import OutgoingMessage

ACHIEVEMENT = {
    "id": "DA009",
    "title": "耐350℃高温钐钴永磁体<制备>技术",
    "owner": "包头稀土研究院",
    "region": "包头",
    "maturity": "中试",
    "transfer_mode": "许可",
    "price_wan": 120,
    "industry": "稀土新材料",
    "keywords": ["钐钴", "高温"],
    "description": "…",
}
MATCH = {
    "match_id": 17,
    "score": 87.6,
    "status": "recommended",
    "claimed_by": None,
    "reasons": [
        {"demand_term": "高温退磁", "achievement_term": "耐高温", "similarity": 82.0},
        {"demand_term": "永磁", "achievement_term": "永磁", "similarity": 100.0},
    ],
    "demand": {"id": "tg1-d1", "title": "电机 & 磁钢", "enterprise": "金鹿磁材", "region": "包头"},
    "achievement": ACHIEVEMENT,
}


def render(kind: str, payload: dict) -> tuple[str, list[tuple[str, str]]]:
    text, markup = render_message(OutgoingMessage(1, kind, payload))  # type: ignore[arg-type]
    buttons = (
        [(b.text, b.callback_data) for row in markup.inline_keyboard for b in row]
        if markup
        else []
    )
    return text, buttons


def test_a_recommendation_shows_what_to_judge_and_the_three_buttons():
    text, buttons = render("recommendation", MATCH)

    assert "为您的需求「电机 &amp; 磁钢」推荐" in text
    assert "<b>耐350℃高温钐钴永磁体&lt;制备&gt;技术</b>" in text
    for line in (
        "持有方：包头稀土研究院",
        "地区：包头",
        "成熟度：中试",
        "转化方式：许可",
        "匹配度：88%",
        "匹配理由：高温退磁≈耐高温、永磁",
    ):
        assert line in text
    assert buttons == [
        (T.BTN_INTERESTED, MatchCb(action="interested", match_id=17).pack()),
        (T.BTN_IRRELEVANT, MatchCb(action="irrelevant", match_id=17).pack()),
        (T.BTN_DETAIL, AchievementCb(achievement_id="DA009").pack()),
    ]


@pytest.mark.parametrize(
    ("status", "labels"),
    [
        ("recommended", [T.BTN_CLAIM, T.BTN_DETAIL]),
        ("interested", [T.BTN_CLAIM, T.BTN_DETAIL]),
        ("claimed", [T.BTN_SIGNED, T.BTN_FAILED, T.BTN_DETAIL]),
        ("signed", [T.BTN_DETAIL]),
    ],
)
def test_a_broker_alert_offers_the_next_step(status, labels):
    text, buttons = render("broker_alert", {**MATCH, "status": status})

    assert "需求：电机 &amp; 磁钢（金鹿磁材，包头）" in text
    assert T.STATUS_LINE.format(status=T.MATCH_STATUS[status]) in text
    assert [label for label, _ in buttons] == labels


def test_a_subscription_alert_names_the_keywords_and_links_the_detail():
    text, buttons = render(
        "subscription_alert", {"achievement": ACHIEVEMENT, "keywords": ["钐钴"]}
    )

    assert "符合您关注的「钐钴」" in text
    assert buttons == [(T.BTN_DETAIL, "a:DA009")]


def test_policies_are_listed_with_issuer_and_deadline():
    policies = [
        {
            "id": "DP001",
            "title": "研发投入后补助",
            "issuer": "自治区科技厅",
            "deadline": "2026-12-31",
        },
        {"id": "DP002", "title": "高企培育", "issuer": None, "deadline": None},
    ]
    text, buttons = render("policy_digest", {"policies": policies})

    assert "2 条" in text
    assert "1. <b>研发投入后补助</b>\n    自治区科技厅 · 截止：2026-12-31" in text
    assert f"{T.UNKNOWN} · 截止：{T.POLICY_OPEN_ENDED}" in text
    assert buttons == []


def test_a_broadcast_is_headed_and_escaped():
    text, buttons = render("broadcast", {"text": "<b>维护</b> & 升级"})

    assert text == "📢 平台通知\n\n&lt;b&gt;维护&lt;/b&gt; &amp; 升级" and not buttons


def test_a_long_achievement_id_loses_its_detail_button_not_the_message():
    long_id = "X" * 70
    _, buttons = render("recommendation", {**MATCH, "achievement": {**ACHIEVEMENT, "id": long_id}})

    assert [label for label, _ in buttons] == [T.BTN_INTERESTED, T.BTN_IRRELEVANT]


def test_a_malformed_payload_is_an_error_for_the_notifier():
    with pytest.raises(ValidationError):
        render("recommendation", {"score": 50})
