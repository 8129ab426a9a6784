"""Callback data of every inline button; each must pack into Telegram's 64 bytes."""

from __future__ import annotations

from typing import Literal

from aiogram.filters.callback_data import CallbackData

MatchAction = Literal["interested", "irrelevant", "claim", "signed", "failed"]


class FormCb(CallbackData, prefix="f"):
    """A button inside a dialog: pick/toggle an option, done, skip, confirm, edit, cancel."""

    form: str
    field: str
    action: str
    index: int = 0


class MatchCb(CallbackData, prefix="m"):
    action: MatchAction
    match_id: int


class AchievementCb(CallbackData, prefix="a"):
    achievement_id: str


class SearchPageCb(CallbackData, prefix="sp"):
    page: int


class RoleCb(CallbackData, prefix="role"):
    role: Literal["enterprise", "broker"]


class DemandCb(CallbackData, prefix="d"):
    action: Literal["ask", "close", "keep"]
    demand_id: str


class SubscribeCb(CallbackData, prefix="sub"):
    kind: Literal["keyword", "policy"]


class UnsubscribeCb(CallbackData, prefix="unsub"):
    subscription_id: int


class BrokerCb(CallbackData, prefix="b"):
    action: Literal["approve", "reject"]
    user_id: int


def fits(callback: CallbackData) -> bool:
    """Ids from imported files can be long; a button whose data would not fit is left out."""
    try:
        callback.pack()
    except ValueError:
        return False
    return True
