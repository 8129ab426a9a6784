"""/mydemands: the contact's demands with status and match count; closing one."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot import keyboards
from bot.callbacks import DemandCb
from bot.render import esc
from bot.replies import edit, say
from bot.services.demands import DemandService, DemandSummary
from bot.services.users import UserInfo
from bot.texts import T


def demands_text(demands: list[DemandSummary]) -> str:
    lines = [T.MY_DEMANDS_HEADER.format(count=len(demands)), ""]
    for index, demand in enumerate(demands, 1):
        lines.append(
            T.MY_DEMAND_LINE.format(
                index=index,
                title=esc(demand.title),
                status=T.DEMAND_STATUS.get(demand.status, demand.status),
                matches=demand.matches,
                date=demand.updated.strftime("%m-%d"),
            )
        )
    if any(d.status == "open" for d in demands):
        lines += ["", T.MY_DEMANDS_FOOTER]
    return "\n".join(lines)


async def my_demands(message: Message, user: UserInfo, demands: DemandService) -> None:
    mine = await demands.mine(user.id)
    if not mine:
        await message.answer(T.MY_DEMANDS_EMPTY)
        return
    open_ones = [(i, d.id) for i, d in enumerate(mine, 1) if d.status == "open"]
    await message.answer(demands_text(mine), reply_markup=keyboards.close_demands(open_ones))


async def ask_close(
    callback: CallbackQuery, callback_data: DemandCb, user: UserInfo, demands: DemandService
) -> None:
    demand = await demands.find_mine(user.id, callback_data.demand_id)
    if demand is None or demand.status != "open":
        await callback.answer(T.DEMAND_NOT_FOUND, show_alert=True)
        return
    await callback.answer()
    text = T.CLOSE_DEMAND_CONFIRM.format(title=esc(demand.title))
    await say(callback, text, keyboards.confirm_close(demand.id))


async def close(
    callback: CallbackQuery, callback_data: DemandCb, user: UserInfo, demands: DemandService
) -> None:
    closed = await demands.close(user.id, callback_data.demand_id)
    if closed is None:
        await callback.answer(T.DEMAND_NOT_FOUND, show_alert=True)
        return
    await callback.answer()
    await edit(callback, T.DEMAND_CLOSED.format(title=esc(closed.title)))


async def keep(
    callback: CallbackQuery, callback_data: DemandCb, user: UserInfo, demands: DemandService
) -> None:
    demand = await demands.find_mine(user.id, callback_data.demand_id)
    await callback.answer()
    title = esc(demand.title) if demand else ""
    await edit(callback, T.DEMAND_KEPT.format(title=title))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(my_demands, Command("mydemands"))
    router.callback_query.register(ask_close, DemandCb.filter(F.action == "ask"))
    router.callback_query.register(close, DemandCb.filter(F.action == "close"))
    router.callback_query.register(keep, DemandCb.filter(F.action == "keep"))
    return router
