"""The handlers every Form shares: ask, validate, re-ask, edit before confirming, submit.

Progress lives in the FSM data under the form's key (`values`, the `draft` of a multi-select,
and whether a field is being `editing`), so a restart mid-dialog resumes at the same step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import FormCb
from bot.forms import (
    CONFIRM,
    Field,
    Form,
    confirm_keyboard,
    display,
    empty_value,
    field_keyboard,
    parse_input,
    prompt_text,
    summary_text,
)
from bot.replies import Event, chosen_suffix, edit, say
from bot.texts import T
from bot.validation import InputError

ACTIVE = "_form"
Submit = Callable[[Event, dict[str, Any], dict[str, Any]], Awaitable[None]]


async def start_form(event: Event, state: FSMContext, form: Form) -> None:
    """Begin at the first field (a dialog already under way is replaced)."""
    first = form.fields[0]
    await state.set_state(form.state_of(first))
    await state.update_data({ACTIVE: {"key": form.key, "title": form.title}})
    await _save(state, form, {"values": {}, "draft": [], "editing": False})
    if form.intro:
        await say(event, form.intro.format(steps=len(form.fields)))
    await _ask(event, form, first, {}, [], editing=False)


async def clear_form(state: FSMContext, form: Form) -> None:
    await _forget(state, form.key)


async def _forget(state: FSMContext, key: str) -> None:
    data = await state.get_data()
    data.pop(key, None)
    data.pop(ACTIVE, None)
    await state.set_data(data)
    await state.set_state(None)


async def active_form_title(state: FSMContext) -> str | None:
    """The title of the dialog in progress, None outside dialogs."""
    if await state.get_state() is None:
        return None
    active = (await state.get_data()).get(ACTIVE) or {}
    return str(active.get("title", ""))


async def cancel_active_form(state: FSMContext) -> str | None:
    """Abandon the dialog in progress; its title, or None when there was none."""
    title = await active_form_title(state)
    if title is not None:
        active = (await state.get_data()).get(ACTIVE) or {}
        await _forget(state, str(active.get("key", "")))
    return title


async def _load(state: FSMContext, form: Form) -> dict[str, Any]:
    progress = (await state.get_data()).get(form.key)
    return progress or {"values": {}, "draft": [], "editing": False}


async def _save(state: FSMContext, form: Form, progress: dict[str, Any]) -> None:
    await state.update_data({form.key: progress})


async def _ask(
    event: Event,
    form: Form,
    field: Field,
    values: dict,
    draft: list[int],
    *,
    editing: bool,
    error: str = "",
) -> None:
    text = prompt_text(form, field, values, editing)
    await say(event, f"{error}\n\n{text}" if error else text, field_keyboard(form, field, draft))


async def _ask_again(
    event: Event, state: FSMContext, form: Form, field: Field, error: str
) -> None:
    progress = await _load(state, form)
    await _ask(
        event,
        form,
        field,
        progress["values"],
        progress["draft"],
        editing=progress["editing"],
        error=error,
    )


async def _show_summary(event: Event, form: Form, values: dict, error: str = "") -> None:
    text = summary_text(form, values)
    await say(event, f"{error}\n\n{text}" if error else text, confirm_keyboard(form))


async def _remind_to_confirm(message: Message, state: FSMContext, form: Form) -> None:
    progress = await _load(state, form)
    await _show_summary(message, form, progress["values"], T.ERR_CONFIRM_USE_BUTTONS)


async def _go_to(
    event: Event, state: FSMContext, form: Form, field: Field, progress: dict
) -> None:
    """Move to `field`; a multi-select starts from what was chosen before."""
    current = progress["values"].get(field.name) or []
    progress["draft"] = (
        [field.options.index(v) for v in current if v in field.options]
        if field.kind == "multi"
        else []
    )
    await state.set_state(form.state_of(field))
    await _save(state, form, progress)
    await _ask(
        event, form, field, progress["values"], progress["draft"], editing=progress["editing"]
    )


async def _accept(
    event: Event,
    state: FSMContext,
    form: Form,
    field: Field,
    value: Any,
    on_submit: Submit,
    data: dict[str, Any],
) -> None:
    progress = await _load(state, form)
    progress["values"][field.name] = value
    following = None if progress["editing"] else form.after(field)
    progress["editing"] = False
    if following is not None:
        await _go_to(event, state, form, following, progress)
    elif form.confirm:
        progress["draft"] = []
        await state.set_state(form.confirm_state)
        await _save(state, form, progress)
        await _show_summary(event, form, progress["values"])
    else:
        await _save(state, form, progress)
        await _submit(event, state, form, on_submit, data)


async def _submit(
    event: Event, state: FSMContext, form: Form, on_submit: Submit, data: dict[str, Any]
) -> None:
    # The progress is cleared only after the submission worked: a failure can be retried.
    values = (await _load(state, form))["values"]
    await on_submit(event, values, data)
    await clear_form(state, form)


def form_router(form: Form, on_submit: Submit) -> Router:
    router = Router(name=f"form:{form.key}")
    in_form = StateFilter(*form.all_states())

    @router.message(in_form, F.text, ~F.text.startswith("/"))
    async def on_text(message: Message, state: FSMContext, **data: Any) -> None:
        field = form.field_in(await state.get_state())
        if field is None:
            await _remind_to_confirm(message, state, form)
            return
        if field.kind == "multi":
            await _ask_again(message, state, form, field, T.ERR_MULTI_USE_BUTTONS)
            return
        try:
            value = parse_input(field, message.text)
        except InputError as error:
            await _ask_again(message, state, form, field, error.message)
            return
        await _accept(message, state, form, field, value, on_submit, data)

    @router.message(in_form, ~F.text)
    async def on_not_text(message: Message, state: FSMContext) -> None:
        field = form.field_in(await state.get_state())
        if field is None:
            await _remind_to_confirm(message, state, form)
            return
        await _ask_again(message, state, form, field, T.ERR_NOT_TEXT_IN_FORM)

    @router.callback_query(FormCb.filter(F.form == form.key))
    async def on_button(
        callback: CallbackQuery, callback_data: FormCb, state: FSMContext, **data: Any
    ) -> None:
        current = await state.get_state()
        if callback_data.field == CONFIRM and current == form.confirm_state.state:
            await _on_confirm_button(callback, callback_data, state, form, on_submit, data)
            return
        field = form.field_named(callback_data.field)
        if field is None or current != form.state_of(field).state:
            await callback.answer(T.ERR_STALE_BUTTON, show_alert=True)
            return
        await _on_field_button(callback, callback_data, state, form, field, on_submit, data)

    return router


async def _on_field_button(
    callback: CallbackQuery,
    cb: FormCb,
    state: FSMContext,
    form: Form,
    field: Field,
    on_submit: Submit,
    data: dict[str, Any],
) -> None:
    progress = await _load(state, form)
    if cb.action == "toggle" and 0 <= cb.index < len(field.options):
        draft = set(progress["draft"]) ^ {cb.index}
        progress["draft"] = sorted(draft)
        await _save(state, form, progress)
        await callback.answer()
        await edit(callback, None, field_keyboard(form, field, progress["draft"]))
        return
    value = _button_value(cb, field, progress["draft"])
    if value is _STALE:
        await callback.answer(T.ERR_STALE_BUTTON, show_alert=True)
        return
    await callback.answer()
    await edit(callback, chosen_suffix(callback, T.CHOSEN.format(value=display(field, value))))
    await _accept(callback, state, form, field, value, on_submit, data)


_STALE = object()


def _button_value(cb: FormCb, field: Field, draft: list[int]) -> Any:
    if cb.action == "pick" and field.kind == "choice" and 0 <= cb.index < len(field.options):
        return field.options[cb.index]
    if cb.action == "done" and field.kind == "multi":
        return [field.options[i] for i in draft if 0 <= i < len(field.options)]
    if cb.action == "skip" and field.optional:
        return empty_value(field)
    return _STALE


async def _on_confirm_button(
    callback: CallbackQuery,
    cb: FormCb,
    state: FSMContext,
    form: Form,
    on_submit: Submit,
    data: dict[str, Any],
) -> None:
    await callback.answer()
    if cb.action == "ok":
        # The buttons stay until the submission worked, so a failed one can be tried again.
        await _submit(callback, state, form, on_submit, data)
        await edit(callback, None, None)
    elif cb.action == "edit" and 0 <= cb.index < len(form.fields):
        progress = await _load(state, form)
        progress["editing"] = True
        await edit(callback, None, None)
        await _go_to(callback, state, form, form.fields[cb.index], progress)
    elif cb.action == "cancel":
        await edit(callback, None, None)
        await clear_form(state, form)
        await say(callback, T.CANCELLED.format(form=form.title))
