"""Checks of what a user types into a dialog; a failure carries the Chinese message to show."""

from __future__ import annotations

import math
import re
import unicodedata

from bot.render import esc
from bot.texts import T

MAX_BUDGET_WAN = 10_000_000
MAX_TERMS = 10
MAX_TERM_LENGTH = 20
_TERM_SEPARATORS = re.compile(r"[,，、;；\s]+")
_MONEY_UNITS = re.compile(r"(万元|万|w|W)$")
_SKIP_WORDS = frozenset({"跳过", "无", "没有", "暂无", "面议", "待定", "不确定", "-"})


class InputError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalized(raw: str | None) -> str:
    """Full-width digits and letters become ASCII; surrounding blanks go."""
    return unicodedata.normalize("NFKC", raw or "").strip()


def clean_text(raw: str | None, min_len: int, max_len: int) -> str:
    text = (raw or "").strip()
    if not text:
        raise InputError(T.ERR_EMPTY)
    if len(text) > max_len:
        raise InputError(T.ERR_TOO_LONG.format(limit=max_len, length=len(text)))
    if len(text) < min_len:
        raise InputError(T.ERR_TOO_SHORT.format(limit=min_len))
    return text


def is_skip_word(raw: str | None) -> bool:
    return normalized(raw) in _SKIP_WORDS


def parse_money(raw: str | None) -> float:
    """Amount in 万元: "50", "12.5万", "１,０００ 万元"."""
    text = normalized(raw)
    if not text:
        raise InputError(T.ERR_EMPTY)
    number = _MONEY_UNITS.sub("", text.replace(",", "")).strip()
    try:
        amount = float(number)
    except ValueError:
        raise InputError(T.ERR_NOT_NUMBER) from None
    if not math.isfinite(amount) or not 0 <= amount <= MAX_BUDGET_WAN:
        raise InputError(T.ERR_NUMBER_RANGE.format(limit=MAX_BUDGET_WAN))
    return amount


def parse_terms(raw: str | None) -> list[str]:
    """Comma/顿号/space separated keywords, deduplicated in order."""
    text = clean_text(raw, 1, MAX_TERMS * (MAX_TERM_LENGTH + 1))
    terms = list(dict.fromkeys(t for t in _TERM_SEPARATORS.split(text) if t))
    if len(terms) > MAX_TERMS:
        raise InputError(T.ERR_TOO_MANY_TERMS.format(limit=MAX_TERMS, count=len(terms)))
    for term in terms:
        if len(term) > MAX_TERM_LENGTH:
            raise InputError(T.ERR_TERM_TOO_LONG.format(term=esc(term), limit=MAX_TERM_LENGTH))
    return terms


def parse_option(raw: str | None, options: tuple[str, ...], free_text: bool, max_len: int) -> str:
    """A typed option name is as good as the button; free text only where the field allows it."""
    text = normalized(raw)
    if not text:
        raise InputError(T.ERR_EMPTY)
    for option in options:
        if text == unicodedata.normalize("NFKC", option):
            return option
    if free_text:
        return clean_text(raw, 1, max_len)
    raise InputError(T.ERR_UNKNOWN_OPTION.format(value=esc(text[:30])))
