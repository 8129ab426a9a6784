"""The dedicated tokenizer, synonyms and abbreviations, stop words, and jieba agreement."""

from __future__ import annotations

import re

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.engine import Matcher


def terms(matcher: Matcher, text: str) -> list[str]:
    return [t.term for t in matcher.analyzer.terms(text) if not t.sub]


def test_uses_its_own_tokenizer_and_leaves_jiebas_alone(base: Matcher) -> None:
    assert base.analyzer.tokenizer is not jieba.dt
    assert "钕铁硼磁体" not in jieba.dt.FREQ  # a domain word went only into our instance


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NdFeB", "钕铁硼"),
        ("PV出力", "光伏"),
        ("SCR催化剂", "脱硝"),
        ("磁钢掉磁", "退磁"),
        ("BMS报警", "电池管理系统"),
        ("PUE降不下来", "pue"),
        ("CO2驱油", "驱油"),
        ("浓盐水", "高盐废水"),
        ("冬羔拉稀", "腹泻"),
        ("汞触媒", "催化剂"),
    ],
)
def test_reads_abbreviations_and_plant_floor_words_as_technical_terms(
    base: Matcher, text: str, expected: str
) -> None:
    assert expected in terms(base, text)


def test_drops_stop_words_numbers_and_stray_characters(base: Matcher) -> None:
    found = terms(base, "我们想找一个技术，把150℃以上的问题解决了")
    assert not {"我们", "技术", "问题", "150", "℃", "的"} & set(found)


def test_keeps_one_character_domain_words(base: Matcher) -> None:
    assert {"钒", "羊"} <= set(terms(base, "钒，羊"))


def test_parts_of_long_words_are_kept_as_sub_terms(base: Matcher) -> None:
    found = base.analyzer.terms("储能电站")
    assert ("储能电站", False) in found and ("储能", True) in found


_SEGMENTABLE = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="储能电站钕铁硼磁体稀土回收风电叶片光伏组件ab12 ，。-", max_size=40))
def test_fast_segmentation_agrees_with_jieba(base: Matcher, text: str) -> None:
    tokenizer = base.analyzer.tokenizer
    jiebas = tokenizer.tokenize(text, HMM=False)
    expected = [(word, start) for word, start, _ in jiebas if _SEGMENTABLE.search(word)]
    assert list(tokenizer.words(text)) == expected
