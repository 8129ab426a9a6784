"""Dialogs as data: a Form is an ordered list of Fields; this module parses and presents them.

bot/dialog.py turns a Form into handlers, so every dialog validates, re-asks, lets the user
edit before confirming and survives a restart the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import FormCb
from bot.render import esc, joined, money
from bot.texts import T
from bot.validation import clean_text, is_skip_word, parse_money, parse_option, parse_terms

FieldKind = Literal["text", "choice", "multi", "money", "terms"]
CONFIRM = "_confirm"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    prompt: str
    kind: FieldKind = "text"
    options: tuple[str, ...] = ()
    min_len: int = 1
    max_len: int = 200
    # money/terms/text: may be skipped; multi: may be left empty (shown as 不限).
    optional: bool = False
    # choice: a typed value outside the options is accepted.
    free_text: bool = False


@dataclass(frozen=True)
class Form:
    key: str
    title: str
    states: type[StatesGroup]
    fields: tuple[Field, ...]
    intro: str = ""
    confirm: bool = True

    def state_of(self, field: Field) -> State:
        return getattr(self.states, field.name)  # type: ignore[no-any-return]

    @property
    def confirm_state(self) -> State:
        return getattr(self.states, "confirm")  # noqa: B009 - only forms with confirm have it

    def all_states(self) -> list[State]:
        states = [self.state_of(f) for f in self.fields]
        return [*states, self.confirm_state] if self.confirm else states

    def field_named(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def field_in(self, state: str | None) -> Field | None:
        return next((f for f in self.fields if self.state_of(f).state == state), None)

    def after(self, field: Field) -> Field | None:
        position = self.fields.index(field) + 1
        return self.fields[position] if position < len(self.fields) else None


def rows(count: int, width: int) -> list[int]:
    """Row sizes that put `count` buttons `width` to a row, so what follows starts a new row."""
    return [width] * (count // width) + ([count % width] if count % width else [])


def parse_input(field: Field, raw: str | None) -> Any:
    """The typed answer as the field's value; raises InputError with the reason."""
    if field.optional and field.kind in ("money", "terms", "text") and is_skip_word(raw):
        return empty_value(field)
    if field.kind == "money":
        return parse_money(raw)
    if field.kind == "terms":
        return parse_terms(raw)
    if field.kind == "choice":
        return parse_option(raw, field.options, field.free_text, field.max_len)
    return clean_text(raw, field.min_len, field.max_len)


def empty_value(field: Field) -> Any:
    return [] if field.kind in ("multi", "terms") else None


def display(field: Field, value: Any) -> str:
    if field.kind == "money":
        return money(value) if value is not None else T.NOT_FILLED
    if field.kind in ("multi", "terms"):
        return joined(value or [], T.NONE_SELECTED if field.kind == "multi" else T.NOT_FILLED)
    return esc(value) if value else T.NOT_FILLED


def prompt_text(form: Form, field: Field, values: dict[str, Any], editing: bool) -> str:
    if editing:
        current = T.CURRENT_VALUE.format(value=display(field, values.get(field.name)))
        return f"{field.prompt}\n{current}"
    index = form.fields.index(field) + 1
    return T.STEP.format(index=index, total=len(form.fields), prompt=field.prompt)


def field_keyboard(form: Form, field: Field, selected: list[int]) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    action = {"choice": "pick", "multi": "toggle"}.get(field.kind)
    if action:
        for index, option in enumerate(field.options):
            label = f"✅ {option}" if index in selected else option
            builder.button(
                text=label,
                callback_data=FormCb(form=form.key, field=field.name, action=action, index=index),
            )
    extra = []
    if field.kind == "multi":
        extra.append((T.BTN_DONE, "done"))
    elif field.optional:
        extra.append((T.BTN_SKIP, "skip"))
    for text, act in extra:
        builder.button(
            text=text, callback_data=FormCb(form=form.key, field=field.name, action=act)
        )
    if not list(builder.buttons):
        return None
    builder.adjust(*(rows(len(field.options), 3) if action else []), 1)
    return builder.as_markup()


def summary_text(form: Form, values: dict[str, Any]) -> str:
    lines = [T.CONFIRM_HEADER.format(form=form.title), ""]
    lines += [f"<b>{f.label}</b>：{display(f, values.get(f.name))}" for f in form.fields]
    return "\n".join([*lines, "", T.CONFIRM_FOOTER])


def confirm_keyboard(form: Form) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=T.BTN_CONFIRM, callback_data=FormCb(form=form.key, field=CONFIRM, action="ok")
    )
    for index, field in enumerate(form.fields):
        builder.button(
            text=T.BTN_EDIT.format(label=field.label),
            callback_data=FormCb(form=form.key, field=CONFIRM, action="edit", index=index),
        )
    builder.button(
        text=T.BTN_CANCEL, callback_data=FormCb(form=form.key, field=CONFIRM, action="cancel")
    )
    builder.adjust(1, *rows(len(form.fields), 2), 1)
    return builder.as_markup()
