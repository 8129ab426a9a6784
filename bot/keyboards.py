"""Inline keyboards; every button's data is a callback class from bot.callbacks."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import (
    AchievementCb,
    BrokerCb,
    DemandCb,
    MatchCb,
    RoleCb,
    SearchPageCb,
    SubscribeCb,
    UnsubscribeCb,
    fits,
)
from bot.texts import T


def _markup(builder: InlineKeyboardBuilder, *widths: int) -> InlineKeyboardMarkup | None:
    if not list(builder.buttons):
        return None
    builder.adjust(*widths)
    return builder.as_markup()


def roles(registered: bool) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    label = T.REREGISTER if registered else T.ROLE_ENTERPRISE
    builder.button(text=label, callback_data=RoleCb(role="enterprise"))
    builder.button(text=T.ROLE_BROKER, callback_data=RoleCb(role="broker"))
    return _markup(builder, 2)


def detail_button(builder: InlineKeyboardBuilder, achievement_id: str, label: str) -> None:
    callback = AchievementCb(achievement_id=achievement_id)
    if fits(callback):
        builder.button(text=label, callback_data=callback)


def recommendation(match_id: int, achievement_id: str) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=T.BTN_INTERESTED, callback_data=MatchCb(action="interested", match_id=match_id)
    )
    builder.button(
        text=T.BTN_IRRELEVANT, callback_data=MatchCb(action="irrelevant", match_id=match_id)
    )
    detail_button(builder, achievement_id, T.BTN_DETAIL)
    return _markup(builder, 3)


def broker_actions(match_id: int, status: str, achievement_id: str) -> InlineKeyboardMarkup | None:
    """Buttons for the next step of a match: claim it, then record how it ended."""
    builder = InlineKeyboardBuilder()
    if status in ("recommended", "interested"):
        builder.button(text=T.BTN_CLAIM, callback_data=MatchCb(action="claim", match_id=match_id))
    elif status == "claimed":
        builder.button(
            text=T.BTN_SIGNED, callback_data=MatchCb(action="signed", match_id=match_id)
        )
        builder.button(
            text=T.BTN_FAILED, callback_data=MatchCb(action="failed", match_id=match_id)
        )
    detail_button(builder, achievement_id, T.BTN_DETAIL)
    return _markup(builder, 3)


def achievement_detail(achievement_id: str) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    detail_button(builder, achievement_id, T.BTN_DETAIL)
    return _markup(builder, 1)


def search_page(
    ids: Sequence[str], first_index: int, page: int, pages: int
) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    for offset, achievement_id in enumerate(ids):
        detail_button(builder, achievement_id, str(first_index + offset))
    numbered = len(list(builder.buttons))
    navigation = []
    if page > 0:
        navigation.append((T.BTN_PREV, page - 1))
    if page < pages - 1:
        navigation.append((T.BTN_NEXT, page + 1))
    for text, target in navigation:
        builder.button(text=text, callback_data=SearchPageCb(page=target))
    return _markup(builder, *([numbered] if numbered else []), 2)


def close_demands(demand_ids: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    for index, demand_id in demand_ids:
        callback = DemandCb(action="ask", demand_id=demand_id)
        if fits(callback):
            builder.button(text=T.BTN_CLOSE_DEMAND.format(index=index), callback_data=callback)
    return _markup(builder, 2)


def confirm_close(demand_id: str) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=T.BTN_CLOSE_YES, callback_data=DemandCb(action="close", demand_id=demand_id)
    )
    builder.button(text=T.BTN_CLOSE_NO, callback_data=DemandCb(action="keep", demand_id=demand_id))
    return _markup(builder, 2)


def subscribe_kinds() -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    builder.button(text=T.BTN_SUB_KEYWORD, callback_data=SubscribeCb(kind="keyword"))
    builder.button(text=T.BTN_SUB_POLICY, callback_data=SubscribeCb(kind="policy"))
    return _markup(builder, 2)


def unsubscribe(subscription_ids: Sequence[tuple[int, int]]) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    for index, subscription_id in subscription_ids:
        builder.button(
            text=T.BTN_UNSUBSCRIBE.format(index=index),
            callback_data=UnsubscribeCb(subscription_id=subscription_id),
        )
    return _markup(builder, 2)


def broker_application(user_id: int) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    builder.button(text=T.BTN_APPROVE, callback_data=BrokerCb(action="approve", user_id=user_id))
    builder.button(text=T.BTN_REJECT, callback_data=BrokerCb(action="reject", user_id=user_id))
    return _markup(builder, 2)
