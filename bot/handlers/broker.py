"""Technology brokers: /broker applies, an admin decides (/approve or a button), /scope."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot import keyboards
from bot.callbacks import BrokerCb
from bot.dialog import form_router, start_form
from bot.forms import Field, Form
from bot.options import INDUSTRIES, REGIONS
from bot.render import esc, joined
from bot.replies import Event, edit, notify, say
from bot.services.brokers import BrokerService
from bot.services.users import UserInfo, UserService
from bot.states import ScopeForm
from bot.texts import T

SCOPE_FORM = Form(
    key="scope",
    title=T.FORM_SCOPE,
    states=ScopeForm,
    confirm=False,
    fields=(
        Field(
            "industries",
            T.F_SCOPE_INDUSTRIES,
            T.P_SCOPE_INDUSTRIES,
            "multi",
            INDUSTRIES,
            optional=True,
        ),
        Field("regions", T.F_SCOPE_REGIONS, T.P_SCOPE_REGIONS, "multi", REGIONS, optional=True),
    ),
)
APPLICATION_REPLIES = {
    "applied": T.BROKER_APPLIED,
    "pending": T.BROKER_PENDING,
    "approved": T.BROKER_ALREADY,
}
MAX_PENDING_SHOWN = 10


async def apply(event: Event, user: UserInfo, brokers: BrokerService, users: UserService) -> None:
    """File the application and put it in front of every admin, with buttons to decide."""
    outcome = await brokers.apply(user.id)
    await say(event, APPLICATION_REPLIES[outcome])
    if outcome == "applied":
        for admin_id in users.admin_ids:
            await notify(
                event.bot,
                admin_id,
                _application_text(user),  # type: ignore[arg-type]
                keyboards.broker_application(user.id),
            )


def _application_text(user: UserInfo) -> str:
    return T.BROKER_APPLICATION.format(name=esc(user.full_name), user_id=user.id)


async def broker(
    message: Message, user: UserInfo, brokers: BrokerService, users: UserService
) -> None:
    await apply(message, user, brokers, users)


async def approve(
    message: Message, command: CommandObject, bot: Bot, brokers: BrokerService
) -> None:
    if not command.args:
        await _list_pending(message, brokers)
        return
    if not command.args.strip().isdigit():
        await message.answer(T.APPROVE_USAGE)
        return
    user_id = int(command.args.strip())
    await message.answer(await _decide(bot, brokers, user_id, approve=True))


async def _list_pending(message: Message, brokers: BrokerService) -> None:
    pending = await brokers.pending()
    if not pending:
        await message.answer(T.APPROVE_NONE_PENDING)
        return
    await message.answer(T.APPROVE_PENDING_HEADER)
    for user in pending[:MAX_PENDING_SHOWN]:
        await message.answer(
            _application_text(user), reply_markup=keyboards.broker_application(user.id)
        )


async def _decide(bot: Bot, brokers: BrokerService, user_id: int, approve: bool) -> str:
    """Record the decision, tell the applicant, and return what to tell the admin."""
    decided = await brokers.decide(user_id, approve)
    if decided is None:
        return T.APPROVE_NOT_FOUND.format(user_id=user_id)
    await notify(bot, user_id, T.APPROVED_USER if approve else T.REJECTED_USER)
    done = T.APPROVED_ADMIN if approve else T.REJECTED_ADMIN
    return done.format(name=esc(decided.full_name), user_id=user_id)


async def decide_button(
    callback: CallbackQuery, callback_data: BrokerCb, bot: Bot, brokers: BrokerService
) -> None:
    result = await _decide(bot, brokers, callback_data.user_id, callback_data.action == "approve")
    await callback.answer()
    await edit(callback, result)


async def scope(message: Message, state: FSMContext) -> None:
    await start_form(message, state, SCOPE_FORM)


async def save_scope(event: Event, values: dict[str, Any], data: dict[str, Any]) -> None:
    industries, regions = values.get("industries") or [], values.get("regions") or []
    await data["brokers"].set_scope(data["user"].id, industries, regions)
    await say(event, T.SCOPE_SAVED.format(industries=joined(industries), regions=joined(regions)))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(broker, Command("broker"))
    router.message.register(approve, Command("approve"), flags={"role": "admin"})
    router.callback_query.register(decide_button, BrokerCb.filter(), flags={"role": "admin"})
    router.message.register(scope, Command("scope"), flags={"role": "broker"})
    router.include_router(form_router(SCOPE_FORM, save_scope))
    return router
