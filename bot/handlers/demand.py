"""/demand: title → description → industry → budget → region → confirm → `demand.submitted`."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.dialog import form_router, start_form
from bot.forms import Field, Form
from bot.options import INDUSTRIES, REGIONS
from bot.render import esc
from bot.replies import Event, say
from bot.states import DemandForm
from bot.texts import T

FORM = Form(
    key="dem",
    title=T.FORM_DEMAND,
    states=DemandForm,
    intro=T.DEMAND_INTRO,
    fields=(
        Field("title", T.F_DEM_TITLE, T.P_DEM_TITLE, min_len=4, max_len=50),
        Field("description", T.F_DEM_DESCRIPTION, T.P_DEM_DESCRIPTION, min_len=10, max_len=1000),
        Field(
            "industry",
            T.F_DEM_INDUSTRY,
            T.P_DEM_INDUSTRY,
            "choice",
            INDUSTRIES,
            max_len=20,
            free_text=True,
        ),
        Field("budget", T.F_DEM_BUDGET, T.P_DEM_BUDGET, "money", optional=True),
        Field(
            "region", T.F_DEM_REGION, T.P_DEM_REGION, "choice", REGIONS, max_len=20, free_text=True
        ),
    ),
)


async def new_demand(message: Message, state: FSMContext) -> None:
    await start_form(message, state, FORM)


async def submit(event: Event, values: dict[str, Any], data: dict[str, Any]) -> None:
    demand = await data["demands"].submit(data["user"], values)
    await say(event, T.DEMAND_SUBMITTED.format(title=esc(demand.title)))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(new_demand, Command("demand"), flags={"role": "enterprise"})
    router.include_router(form_router(FORM, submit))
    return router
