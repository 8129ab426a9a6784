"""Wiring: services from the context, the dispatcher with its middlewares, the Bot client.

Everything a handler needs arrives as dispatcher workflow data, by parameter name.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import redis.asyncio as aioredis
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.storage.base import BaseEventIsolation, DefaultKeyBuilder
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import create_bot
from bot.handlers import get_routers
from bot.middlewares.dedup import DuplicateUpdateMiddleware
from bot.middlewares.roles import RoleMiddleware
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.middlewares.users import UserMiddleware
from bot.services.broadcasts import BroadcastService
from bot.services.brokers import BrokerService
from bot.services.catalog import CatalogService, Searcher
from bot.services.demands import DemandService
from bot.services.enterprises import EnterpriseService
from bot.services.matches import MatchService
from bot.services.policies import PolicyService
from bot.services.publisher import EventPublisher
from bot.services.stats import StatsService
from bot.services.subscriptions import SubscriptionService
from bot.services.users import UserService
from bot.texts import T
from mengke.bus import Bus
from mengke.context import Context
from mengke.pushes.ranking import build_policy_ranker
from mengke.settings import BotSettings
from storage.redis import create_async_redis

log = logging.getLogger(__name__)
# An abandoned dialog is forgotten after a week rather than kept forever.
DIALOG_TTL = timedelta(days=7)


def build_services(
    sessions: sessionmaker[Session],
    bus: Bus,
    redis: aioredis.Redis,
    searcher: Searcher,
    *,
    admin_ids: Iterable[int],
    scope: str,
    searcher_lock: AbstractContextManager[Any] | None = None,
) -> dict[str, Any]:
    """The workflow data of the dispatcher: one object per service, keyed by parameter name.

    `scope` prefixes this deployment's Redis keys; `searcher_lock` guards a matcher that
    other threads update (see CatalogService)."""
    publisher = EventPublisher(bus)
    users = UserService(sessions, admin_ids)
    subscriptions = SubscriptionService(sessions)
    return {
        "users": users,
        "brokers": BrokerService(sessions, users),
        "enterprises": EnterpriseService(publisher, users),
        "demands": DemandService(sessions, publisher),
        "matches": MatchService(sessions, publisher, redis, scope),
        "catalog": CatalogService(sessions, searcher, searcher_lock),
        "matcher": searcher,
        "subscriptions": subscriptions,
        "policy_subscriber": subscriptions,
        "policies": PolicyService(sessions, ranker_factory=build_policy_ranker),
        "stats_service": StatsService(sessions),
        "broadcasts": BroadcastService(sessions),
    }


def create_storage(redis: aioredis.Redis, scope: str) -> RedisStorage:
    key_builder = DefaultKeyBuilder(prefix=f"{scope}:fsm", with_bot_id=True)
    return RedisStorage(redis, key_builder=key_builder, state_ttl=DIALOG_TTL, data_ttl=DIALOG_TTL)


def create_dispatcher(
    *,
    storage: RedisStorage,
    redis: aioredis.Redis,
    settings: BotSettings,
    services: dict[str, Any],
    scope: str,
    shared_redis: bool,
) -> Dispatcher:
    """`shared_redis`: several processes may serve one user, so updates of one user are
    serialised with a Redis lock; the embedded fakeredis needs only an in-process lock."""
    isolation: BaseEventIsolation = (
        storage.create_isolation() if shared_redis else SimpleEventIsolation()
    )
    dispatcher = Dispatcher(storage=storage, events_isolation=isolation, **services)
    dispatcher.update.outer_middleware(DuplicateUpdateMiddleware(redis, scope))
    dispatcher.update.outer_middleware(
        ThrottlingMiddleware(redis, settings.flood_limit, settings.flood_window_seconds, scope)
    )
    dispatcher.update.outer_middleware(UserMiddleware(services["users"]))
    dispatcher.message.middleware(RoleMiddleware())
    dispatcher.callback_query.middleware(RoleMiddleware())
    dispatcher.include_routers(*get_routers())
    dispatcher.startup.register(set_commands)
    return dispatcher


def _commands(entries: dict[str, str]) -> list[BotCommand]:
    return [BotCommand(command=name, description=text) for name, text in entries.items()]


async def set_commands(bot: Bot, users: UserService) -> None:
    """The command menu; admins see theirs on top of everyone's."""
    await bot.set_my_commands(_commands(T.COMMANDS), scope=BotCommandScopeDefault())
    admin_menu = _commands({**T.COMMANDS, **T.ADMIN_COMMANDS})
    for admin_id in users.admin_ids:
        # An admin who never opened a chat with the bot has no chat to scope to yet.
        with contextlib.suppress(TelegramBadRequest):
            await bot.set_my_commands(admin_menu, scope=BotCommandScopeChat(chat_id=admin_id))


@dataclass
class BotApp:
    bot: Bot
    dispatcher: Dispatcher
    storage: RedisStorage

    async def close(self) -> None:
        await self.bot.session.close()
        await self.storage.close()


def assemble(
    context: Context,
    searcher: Searcher,
    *,
    searcher_lock: AbstractContextManager[Any] | None = None,
) -> BotApp:
    """The bot on the context's database, bus and Redis (fakeredis when no URL is set)."""
    settings = context.settings
    url = settings.redis.url.get_secret_value()
    redis = create_async_redis(url, context.fake_redis_server)
    scope = settings.redis_scope
    services = build_services(
        context.sessions,
        context.bus,
        redis,
        searcher,
        admin_ids=settings.bot.admin_ids,
        scope=scope,
        searcher_lock=searcher_lock,
    )
    storage = create_storage(redis, scope)
    dispatcher = create_dispatcher(
        storage=storage,
        redis=redis,
        settings=settings.bot,
        services=services,
        scope=scope,
        shared_redis=bool(url),
    )
    return BotApp(create_bot(settings.bot), dispatcher, storage)
