"""/start: greet, say in three lines what the bot does, ask who the user is."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot import keyboards
from bot.callbacks import RoleCb
from bot.dialog import start_form
from bot.handlers import registration
from bot.handlers.broker import apply
from bot.render import esc
from bot.services.brokers import BrokerService
from bot.services.users import UserInfo, UserService
from bot.texts import T


async def start(message: Message, user: UserInfo) -> None:
    name = esc(message.from_user.first_name if message.from_user else user.full_name)
    if user.is_broker:
        await message.answer(T.GREETING_BROKER.format(name=name))
    elif user.enterprise_id:
        enterprise = (
            T.ENTERPRISE_NAMED.format(name=esc(user.enterprise_name))
            if user.enterprise_name
            else T.ENTERPRISE_UNNAMED
        )
        text = T.GREETING_REGISTERED.format(name=name, enterprise=enterprise)
        await message.answer(text, reply_markup=keyboards.roles(registered=True))
    else:
        await message.answer(T.GREETING.format(name=name), reply_markup=keyboards.roles(False))


async def choose_role(
    callback: CallbackQuery,
    callback_data: RoleCb,
    state: FSMContext,
    user: UserInfo,
    brokers: BrokerService,
    users: UserService,
) -> None:
    await callback.answer()
    if callback_data.role == "enterprise":
        await start_form(callback, state, registration.FORM)
    else:
        await apply(callback, user, brokers, users)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.callback_query.register(choose_role, RoleCb.filter())
    return router
