"""The checks behind every dialog step."""

from __future__ import annotations

import pytest

from bot.forms import Field, parse_input
from bot.texts import T
from bot.validation import InputError, parse_money, parse_option, parse_terms


@pytest.mark.parametrize(
    ("raw", "amount"),
    [("50", 50.0), ("12.5万", 12.5), ("１,０００ 万元", 1000.0), (" 0 ", 0.0), ("80w", 80.0)],
)
def test_money_accepts_the_usual_ways_of_writing_wan(raw, amount):
    assert parse_money(raw) == amount


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("五十", T.ERR_NOT_NUMBER),
        ("50元整", T.ERR_NOT_NUMBER),
        ("nan", "0 到"),
        ("-1", "0 到"),
        ("1e9", "0 到"),
        ("", T.ERR_EMPTY),
    ],
)
def test_money_refuses_with_a_reason(raw, message):
    with pytest.raises(InputError) as error:
        parse_money(raw)
    assert message in error.value.message


def test_terms_split_on_chinese_and_latin_separators_and_deduplicate():
    assert parse_terms("钕铁硼、永磁电机，钕铁硼; SiC  PV") == ["钕铁硼", "永磁电机", "SiC", "PV"]


def test_an_option_may_be_typed_and_free_text_only_where_allowed():
    assert parse_option(" 包头 ", ("呼和浩特", "包头"), False, 20) == "包头"
    assert parse_option("上海", ("包头",), True, 20) == "上海"
    with pytest.raises(InputError, match="「上海」不是可选项"):
        parse_option("上海", ("包头",), False, 20)


def test_an_optional_field_is_skipped_with_a_word():
    budget = Field("budget", "预算", "…", "money", optional=True)

    assert parse_input(budget, "跳过") is None
    assert parse_input(budget, "面议") is None
    with pytest.raises(InputError):
        parse_input(Field("budget", "预算", "…", "money"), "跳过")
