"""Buttons on matches: the enterprise's 感兴趣 / 不相关, the broker's 认领 → 已签约 / 未成."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery

from bot import keyboards
from bot.callbacks import MatchCb
from bot.render import broker_alert
from bot.replies import chosen_suffix, edit
from bot.services.matches import FeedbackRefused, MatchService
from bot.services.users import UserInfo
from bot.texts import T

ENTERPRISE_REPLIES = {
    "interested": (T.FEEDBACK_INTERESTED, T.MARK_INTERESTED),
    "irrelevant": (T.FEEDBACK_IRRELEVANT, T.MARK_IRRELEVANT),
}
BROKER_REPLIES = {"claim": T.CLAIMED_OK, "signed": T.SIGNED_OK, "failed": T.FAILED_OK}


async def enterprise_verdict(
    callback: CallbackQuery, callback_data: MatchCb, user: UserInfo, matches: MatchService
) -> None:
    try:
        card = await matches.enterprise_verdict(
            user.id, callback_data.match_id, callback_data.action
        )  # type: ignore[arg-type]
    except FeedbackRefused as refused:
        await callback.answer(refused.message, show_alert=True)
        return
    answer, mark = ENTERPRISE_REPLIES[callback_data.action]
    await callback.answer(answer, show_alert=True)
    await edit(
        callback, chosen_suffix(callback, mark), keyboards.achievement_detail(card.achievement.id)
    )


async def broker_step(
    callback: CallbackQuery, callback_data: MatchCb, user: UserInfo, matches: MatchService
) -> None:
    try:
        if callback_data.action == "claim":
            card = await matches.claim(user.id, callback_data.match_id)
        else:
            card = await matches.finish(user.id, callback_data.match_id, callback_data.action)  # type: ignore[arg-type]
    except FeedbackRefused as refused:
        await callback.answer(refused.message, show_alert=True)
        return
    await callback.answer(BROKER_REPLIES[callback_data.action], show_alert=True)
    text, markup = broker_alert(card, viewer_id=user.id)
    await edit(callback, text, markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        enterprise_verdict, MatchCb.filter(F.action.in_(tuple(ENTERPRISE_REPLIES)))
    )
    router.callback_query.register(
        broker_step, MatchCb.filter(F.action.in_(tuple(BROKER_REPLIES))), flags={"role": "broker"}
    )
    return router
