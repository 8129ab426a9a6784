"""/policies: the policies the user's enterprise qualifies for, most relevant first, the near
misses with what is missing, and a detail view of each policy with every condition checked."""

from __future__ import annotations

from datetime import date
from typing import Literal

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import SubscribeCb, fits
from bot.render import esc
from bot.replies import edit, say
from bot.services.policies import Detail, Overview, PolicyService
from bot.services.users import UserInfo
from matcher.eligibility.ranking import PolicyMatch
from matcher.eligibility.report import policy_lines

# Telegram allows 4096 characters a message; this many entries stay well under it.
SHOWN_ELIGIBLE = 8
SHOWN_NEAR_MISSES = 4

NEED_ENTERPRISE = "查看适合本企业的政策前，请先登记企业信息：发送 /start，选择“企业联系人”。"
PROFILE_PENDING = "企业信息正在入库，请稍后再试 /policies。"
HEADER = "📋 适合「{name}」的政策：{count} 条"
NONE_ELIGIBLE = "📋 暂未找到「{name}」符合条件的在期政策。"
NEAR_MISS_HEADER = "🔍 差一点就符合："
MORE = "……另有 {count} 条，订阅推送后会陆续发给您。"
FOOTER = "点按钮看每条政策的申报条件；⚠️ 表示需您自行核实。"
NOT_FOUND = "这条政策已下架或不存在。"
BTN_SUBSCRIBE = "🔔 订阅政策推送"
BTN_BACK = "⬅️ 返回列表"


class PolicyCb(CallbackData, prefix="pol"):
    action: Literal["show", "list"]
    policy_id: str = ""


def _html(lines: list[str]) -> list[str]:
    """The report's plain lines, escaped; the first (the title) in bold."""
    title, *rest = lines
    return [f"<b>{esc(title)}</b>", *(esc(line) for line in rest)]


def _entry(index: int, match: PolicyMatch, today: date) -> list[str]:
    title, *rest = _html(policy_lines(match.policy, match.evaluation, today))
    return ["", f"{index}. {title}", *(f"    {line}" for line in rest)]


def overview_text(overview: Overview) -> tuple[str, list[PolicyMatch]]:
    """The listing, and the policies it shows in the order of their numbers."""
    everything = overview.matches
    eligible = list(everything.eligible[:SHOWN_ELIGIBLE])
    near = list(everything.near_misses[:SHOWN_NEAR_MISSES])
    name = esc(overview.enterprise)
    count = len(everything.eligible)
    lines = [HEADER.format(name=name, count=count) if count else NONE_ELIGIBLE.format(name=name)]
    for index, match in enumerate(eligible, 1):
        lines += _entry(index, match, overview.today)
    if count > len(eligible):
        lines += ["", MORE.format(count=count - len(eligible))]
    if near:
        lines += ["", NEAR_MISS_HEADER]
    for index, match in enumerate(near, len(eligible) + 1):
        lines += _entry(index, match, overview.today)
    return "\n".join([*lines, "", FOOTER]), [*eligible, *near]


def overview_buttons(shown: list[PolicyMatch]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for index, match in enumerate(shown, 1):
        callback = PolicyCb(action="show", policy_id=match.policy.id)
        if fits(callback):
            builder.button(text=f"📄 {index}", callback_data=callback)
    builder.adjust(4)
    subscribe = SubscribeCb(kind="policy").pack()
    builder.row(InlineKeyboardButton(text=BTN_SUBSCRIBE, callback_data=subscribe))
    return builder.as_markup()


def detail_text(detail: Detail) -> str:
    return "\n".join(
        _html(policy_lines(detail.policy, detail.evaluation, detail.today, detailed=True))
    )


def back_button() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=BTN_BACK, callback_data=PolicyCb(action="list"))
    return builder.as_markup()


async def _overview(
    user: UserInfo, policies: PolicyService
) -> tuple[str, InlineKeyboardMarkup | None]:
    if user.enterprise_id is None:
        return NEED_ENTERPRISE, None
    overview = await policies.overview(user.enterprise_id)
    if overview is None:
        return PROFILE_PENDING, None
    text, shown = overview_text(overview)
    return text, overview_buttons(shown)


async def list_policies(message: Message, user: UserInfo, policies: PolicyService) -> None:
    text, buttons = await _overview(user, policies)
    await say(message, text, buttons)


async def back_to_list(callback: CallbackQuery, user: UserInfo, policies: PolicyService) -> None:
    await callback.answer()
    text, buttons = await _overview(user, policies)
    await edit(callback, text, buttons)


async def show_policy(
    callback: CallbackQuery, callback_data: PolicyCb, user: UserInfo, policies: PolicyService
) -> None:
    detail = None
    if user.enterprise_id is not None:
        detail = await policies.detail(user.enterprise_id, callback_data.policy_id)
    if detail is None:
        reason = NOT_FOUND if user.enterprise_id else NEED_ENTERPRISE
        await callback.answer(reason, show_alert=True)
        return
    await callback.answer()
    await edit(callback, detail_text(detail), back_button())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(list_policies, Command("policies"))
    router.callback_query.register(show_policy, PolicyCb.filter(F.action == "show"))
    router.callback_query.register(back_to_list, PolicyCb.filter(F.action == "list"))
    return router
