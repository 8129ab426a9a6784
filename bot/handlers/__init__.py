"""Routers, one per feature module, built fresh per dispatcher; tried in `get_routers` order."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import (
    admin,
    broker,
    common,
    demand,
    errors,
    fallback,
    groups,
    matches,
    mydemands,
    policies,
    registration,
    search,
    start,
    subscriptions,
)


def get_routers() -> list[Router]:
    # Groups are turned away before anything else; then commands work in any state, dialogs
    # come before free-text search, fallbacks come last.
    return [
        errors.create_router(),
        groups.create_router(),
        common.create_router(),
        start.create_router(),
        registration.create_router(),
        demand.create_router(),
        mydemands.create_router(),
        matches.create_router(),
        broker.create_router(),
        subscriptions.create_router(),
        policies.create_router(),
        admin.create_router(),
        search.create_router(),
        fallback.create_router(),
    ]
