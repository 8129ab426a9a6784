"""Free text outside a dialog searches the achievements: pages, details, a hint to /demand."""

from __future__ import annotations

from bot.callbacks import AchievementCb
from bot.texts import T
from storage import models
from tests.support.bot_harness import button, texts

USER = 120


async def test_free_text_lists_results_with_numbered_detail_buttons_and_a_hint(harness):
    calls = await harness.send(USER, "稀土")

    [page] = calls
    assert "与「稀土」相关的成果共 10 项（第 1/2 页）" in page.text
    assert "1. <b>晶界扩散低重稀土高矫顽力烧结钕铁硼磁体制备技术</b>" in page.text
    assert "/demand" in page.text
    labels = [label for label, _ in page.buttons]
    assert labels == ["1", "2", "3", "4", "5", T.BTN_NEXT]


async def test_pages_turn_and_the_last_page_has_no_next(harness):
    first = await harness.send(USER, "稀土")

    calls = await harness.tap(USER, button(first, T.BTN_NEXT))

    [edited] = [c for c in calls if c.method == "editMessageText"]
    assert "第 2/2 页" in edited.text and "6. " in edited.text
    assert [label for label, _ in edited.buttons] == ["6", "7", "8", "9", "10", T.BTN_PREV]


async def test_a_detail_shows_the_whole_card(harness):
    calls = await harness.send(USER, "钐钴")

    calls = await harness.tap(USER, button(calls, "1"))

    detail = texts(calls)[-1]
    assert detail.startswith("<b>耐350℃高温钐钴永磁体制备技术</b>")
    for label in ("持有方：", "成熟度：", "转化方式：", "参考价格：", "关键词："):
        assert label in detail


async def test_no_result_says_what_to_do(harness):
    calls = await harness.send(USER, "量子 <纠缠>")

    assert texts(calls) == [T.SEARCH_EMPTY.format(query="量子 &lt;纠缠&gt;")]


async def test_a_withdrawn_achievement_is_neither_found_nor_shown(harness, sessions):
    with sessions.begin() as session:
        session.get(models.Achievement, "DA009").status = "withdrawn"

    assert texts(await harness.send(USER, "钐钴")) == [T.SEARCH_EMPTY.format(query="钐钴")]
    detail = await harness.tap(USER, AchievementCb(achievement_id="NOPE").pack())
    assert texts(detail) == [T.ACHIEVEMENT_NOT_FOUND]


async def test_a_page_button_after_the_results_are_gone_is_answered(harness):
    calls = await harness.tap(USER, "sp:1")

    assert texts(calls) == [T.SEARCH_EXPIRED]


async def test_messages_without_text_get_a_hint(harness):
    calls = await harness.send(USER, None)

    assert texts(calls) == [T.NOT_TEXT]
