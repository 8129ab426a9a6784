"""/subscribe (keyword alerts or policy topics, daily or weekly), /mysubs, /unsubscribe.

The policy branch collects industries, topics and a frequency, then hands them to the
`policy_subscriber` in the workflow data (the policy service, or SubscriptionService itself),
so policy-specific behaviour lives with the policy code.
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot import keyboards
from bot.callbacks import SubscribeCb, UnsubscribeCb
from bot.dialog import form_router, start_form
from bot.forms import Field, Form
from bot.options import FREQUENCIES, INDUSTRIES
from bot.render import joined
from bot.replies import Event, edit, say
from bot.services.subscriptions import SubscriptionService, SubscriptionView
from bot.services.users import UserInfo
from bot.states import KeywordSubscriptionForm, PolicySubscriptionForm
from bot.texts import T

FREQUENCY_CODES = {label: code for code, label in FREQUENCIES.items()}
FREQUENCY = Field(
    "frequency", T.F_SUB_FREQUENCY, T.P_SUB_FREQUENCY, "choice", tuple(FREQUENCIES.values())
)
KEYWORD_FORM = Form(
    key="ksub",
    title=T.FORM_SUB_KEYWORD,
    states=KeywordSubscriptionForm,
    confirm=False,
    fields=(Field("keywords", T.F_SUB_KEYWORDS, T.P_SUB_KEYWORDS, "terms"), FREQUENCY),
)
POLICY_FORM = Form(
    key="psub",
    title=T.FORM_SUB_POLICY,
    states=PolicySubscriptionForm,
    confirm=False,
    fields=(
        Field(
            "industries",
            T.F_SUB_INDUSTRIES,
            T.P_SUB_INDUSTRIES,
            "multi",
            INDUSTRIES,
            optional=True,
        ),
        Field("topics", T.F_SUB_TOPICS, T.P_SUB_TOPICS, "terms", optional=True),
        FREQUENCY,
    ),
)
FORMS = {"keyword": KEYWORD_FORM, "policy": POLICY_FORM}


def describe(view: SubscriptionView) -> str:
    frequency = FREQUENCIES.get(view.frequency, view.frequency)
    if view.kind == "policy":
        return T.SUB_SUMMARY_POLICY.format(
            industries=joined(view.industries),
            topics=joined(view.keywords, T.NOT_FILLED),
            frequency=frequency,
        )
    return T.SUB_SUMMARY_KEYWORD.format(keywords=joined(view.keywords), frequency=frequency)


def listing(views: list[SubscriptionView], header: str, footer: str) -> str:
    lines = [header.format(count=len(views)), ""]
    lines += [f"{index}. {describe(view)}" for index, view in enumerate(views, 1)]
    return "\n".join([*lines, "", footer])


async def subscribe(message: Message) -> None:
    await message.answer(T.SUBSCRIBE_CHOOSE, reply_markup=keyboards.subscribe_kinds())


async def choose_kind(
    callback: CallbackQuery, callback_data: SubscribeCb, state: FSMContext, user: UserInfo
) -> None:
    if callback_data.kind == "policy" and user.enterprise_id is None:
        # Digests are selected by the enterprise's profile: without one nothing would arrive.
        await callback.answer(T.POLICY_NEEDS_ENTERPRISE, show_alert=True)
        return
    await callback.answer()
    await start_form(callback, state, FORMS[callback_data.kind])


async def save_keywords(event: Event, values: dict[str, Any], data: dict[str, Any]) -> None:
    service: SubscriptionService = data["subscriptions"]
    view = await service.create(
        data["user"].id,
        "keyword",
        FREQUENCY_CODES[values["frequency"]],
        keywords=values["keywords"],
    )
    await say(event, T.SUBSCRIBED.format(summary=describe(view)))


async def save_policy_topics(event: Event, values: dict[str, Any], data: dict[str, Any]) -> None:
    view = await data["policy_subscriber"].subscribe_policies(
        data["user"].id,
        industries=values.get("industries") or [],
        topics=values.get("topics") or [],
        frequency=FREQUENCY_CODES[values["frequency"]],
    )
    await say(event, T.SUBSCRIBED.format(summary=describe(view)))


async def my_subscriptions(
    message: Message, user: UserInfo, subscriptions: SubscriptionService
) -> None:
    views = await subscriptions.active(user.id)
    if not views:
        await message.answer(T.MY_SUBS_EMPTY)
        return
    await message.answer(listing(views, T.MY_SUBS_HEADER, T.MY_SUBS_FOOTER))


async def _unsubscribe_view(user_id: int, subscriptions: SubscriptionService) -> tuple[str, Any]:
    views = await subscriptions.active(user_id)
    if not views:
        return T.MY_SUBS_EMPTY, None
    buttons = keyboards.unsubscribe([(i, v.id) for i, v in enumerate(views, 1)])
    return listing(views, T.MY_SUBS_HEADER, T.UNSUBSCRIBE_HEADER), buttons


async def unsubscribe(
    message: Message, user: UserInfo, subscriptions: SubscriptionService
) -> None:
    text, buttons = await _unsubscribe_view(user.id, subscriptions)
    await message.answer(text, reply_markup=buttons)


async def unsubscribe_one(
    callback: CallbackQuery,
    callback_data: UnsubscribeCb,
    user: UserInfo,
    subscriptions: SubscriptionService,
) -> None:
    cancelled = await subscriptions.cancel(user.id, callback_data.subscription_id)
    if cancelled is None:
        await callback.answer(T.SUB_NOT_FOUND, show_alert=True)
        return
    await callback.answer(T.UNSUBSCRIBED)
    text, buttons = await _unsubscribe_view(user.id, subscriptions)
    await edit(callback, text, buttons)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(subscribe, Command("subscribe"))
    router.callback_query.register(choose_kind, SubscribeCb.filter())
    router.message.register(my_subscriptions, Command("mysubs"))
    router.message.register(unsubscribe, Command("unsubscribe"))
    router.callback_query.register(unsubscribe_one, UnsubscribeCb.filter())
    router.include_router(form_router(KEYWORD_FORM, save_keywords))
    router.include_router(form_router(POLICY_FORM, save_policy_topics))
    return router
