"""Free text outside a dialog is a search of the achievements: pages of results, details."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import keyboards
from bot.callbacks import AchievementCb, SearchPageCb
from bot.cards import AchievementCard
from bot.render import achievement_detail, esc
from bot.replies import edit, say
from bot.services.catalog import CatalogService
from bot.texts import T

PAGE_SIZE = 5
MAX_QUERY_LENGTH = 200
SEARCH_KEY = "search"


def page_view(
    query: str, cards: list[AchievementCard], ids: list[str], page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    pages = -(-len(ids) // PAGE_SIZE)
    first = page * PAGE_SIZE + 1
    lines = [
        T.SEARCH_HEADER.format(query=esc(query), count=len(ids), page=page + 1, pages=pages),
        "",
    ]
    for index, card in enumerate(cards, first):
        lines.append(
            T.SEARCH_LINE.format(
                index=index,
                title=esc(card.title),
                owner=esc(card.owner),
                region=esc(card.region),
                maturity=esc(card.maturity),
            )
        )
    lines += ["", T.SEARCH_HINT]
    markup = keyboards.search_page([c.id for c in cards], first, page, pages)
    return "\n".join(lines), markup


async def _page(
    catalog: CatalogService, query: str, ids: list[str], page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    cards = await catalog.cards(ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])
    return page_view(query, cards, ids, page)


async def search(message: Message, state: FSMContext, catalog: CatalogService) -> None:
    query = " ".join((message.text or "").split())[:MAX_QUERY_LENGTH]
    ids = await catalog.search(query)
    if not ids:
        await message.answer(T.SEARCH_EMPTY.format(query=esc(query)))
        return
    await state.update_data({SEARCH_KEY: {"query": query, "ids": ids}})
    text, markup = await _page(catalog, query, ids, 0)
    await message.answer(text, reply_markup=markup)


async def turn_page(
    callback: CallbackQuery,
    callback_data: SearchPageCb,
    state: FSMContext,
    catalog: CatalogService,
) -> None:
    saved = (await state.get_data()).get(SEARCH_KEY)
    pages = -(-len(saved["ids"]) // PAGE_SIZE) if saved else 0
    if not saved or not 0 <= callback_data.page < pages:
        await callback.answer(T.SEARCH_EXPIRED, show_alert=True)
        return
    await callback.answer()
    text, markup = await _page(catalog, saved["query"], saved["ids"], callback_data.page)
    await edit(callback, text, markup)


async def detail(
    callback: CallbackQuery, callback_data: AchievementCb, catalog: CatalogService
) -> None:
    card = await catalog.card(callback_data.achievement_id)
    if card is None:
        await callback.answer(T.ACHIEVEMENT_NOT_FOUND, show_alert=True)
        return
    await callback.answer()
    await say(callback, achievement_detail(card))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(search, StateFilter(None), F.text, ~F.text.startswith("/"))
    router.callback_query.register(turn_page, SearchPageCb.filter())
    router.callback_query.register(detail, AchievementCb.filter())
    return router
