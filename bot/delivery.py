"""The Telegram channel: a notification rendered and sent through an aiogram Bot, with the
Bot API's failures translated into the Channel errors the notifier acts on."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from bot.render import render_message
from mengke.channel import (
    DeliveryError,
    OutgoingMessage,
    RecipientGone,
    RetryLater,
    TransientDeliveryError,
)
from mengke.settings import BotSettings


class TelegramChannel:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, message: OutgoingMessage) -> None:
        text, markup = render_message(message)
        try:
            await self.bot.send_message(message.recipient_id, text, reply_markup=markup)
        except TelegramRetryAfter as error:
            raise RetryLater(error.retry_after, error.message) from error
        except TelegramForbiddenError as error:  # blocked the bot, or deactivated
            raise RecipientGone(error.message) from error
        except (TelegramNetworkError, TelegramServerError) as error:
            raise TransientDeliveryError(str(error)) from error
        except TelegramAPIError as error:  # a bad request will not get better by repeating it
            raise DeliveryError(error.message) from error

    async def close(self) -> None:
        await self.bot.session.close()


def create_bot(settings: BotSettings) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.api_base_url))
    return Bot(
        settings.token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def create_telegram_channel(settings: BotSettings) -> TelegramChannel:
    return TelegramChannel(create_bot(settings))
