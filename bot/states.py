"""One StatesGroup per multi-step dialog; a state per field, plus `confirm` where there is one."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class RegistrationForm(StatesGroup):
    name = State()
    region = State()
    industry = State()
    qualifications = State()
    size = State()
    confirm = State()


class DemandForm(StatesGroup):
    title = State()
    description = State()
    industry = State()
    budget = State()
    region = State()
    confirm = State()


class KeywordSubscriptionForm(StatesGroup):
    keywords = State()
    frequency = State()


class PolicySubscriptionForm(StatesGroup):
    industries = State()
    topics = State()
    frequency = State()


class ScopeForm(StatesGroup):
    industries = State()
    regions = State()


class BroadcastForm(StatesGroup):
    text = State()
    confirm = State()
