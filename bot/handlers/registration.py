"""The enterprise registration dialog → `enterprise.registered` (or `.updated`)."""

from __future__ import annotations

from typing import Any

from aiogram import Router

from bot.dialog import form_router
from bot.forms import Field, Form
from bot.options import INDUSTRIES, QUALIFICATIONS, REGIONS, SIZES
from bot.render import esc
from bot.replies import Event, say
from bot.states import RegistrationForm
from bot.texts import T

FORM = Form(
    key="reg",
    title=T.FORM_REGISTRATION,
    states=RegistrationForm,
    intro=T.REGISTRATION_INTRO,
    fields=(
        Field("name", T.F_ENT_NAME, T.P_ENT_NAME, min_len=2, max_len=50),
        Field(
            "region", T.F_ENT_REGION, T.P_ENT_REGION, "choice", REGIONS, max_len=20, free_text=True
        ),
        Field(
            "industry",
            T.F_ENT_INDUSTRY,
            T.P_ENT_INDUSTRY,
            "choice",
            INDUSTRIES,
            max_len=20,
            free_text=True,
        ),
        Field(
            "qualifications",
            T.F_ENT_QUALIFICATIONS,
            T.P_ENT_QUALIFICATIONS,
            "multi",
            QUALIFICATIONS,
            optional=True,
        ),
        Field("size", T.F_ENT_SIZE, T.P_ENT_SIZE, "choice", SIZES),
    ),
)


async def submit(event: Event, values: dict[str, Any], data: dict[str, Any]) -> None:
    enterprise = await data["enterprises"].register(data["user"], values)
    await say(event, T.REGISTERED.format(name=esc(enterprise.name)))


def create_router() -> Router:
    router = Router(name=__name__)
    router.include_router(form_router(FORM, submit))
    return router
