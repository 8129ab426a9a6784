"""Width, case, traditional characters and units, with offsets back to what the user wrote."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.normalize import Normalizer

TRADITIONAL = {"電": "电", "機": "机", "體": "体", "鋁": "铝"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("ＮｄＦｅＢ磁體", "ndfeb磁体"),  # full width, case, traditional
        ("永磁電機", "永磁电机"),
        ("１５０℃以上", "150℃以上"),  # full-width digits; ℃ stays one symbol
        ("PUE降到1.2", "pue降到1.2"),
        ("４００ｋＡ 電解鋁", "400ka 电解铝"),
        ("3 m³/h", "3 m3/h"),  # superscripts become digits
        ("，（）：", ",():"),  # full-width punctuation
    ],
)
def test_normalizes_the_usual_variants(source: str, expected: str) -> None:
    assert Normalizer(TRADITIONAL)(source).text == expected


def test_points_back_to_the_source_when_lengths_change() -> None:
    source = "每㎡电耗"  # ㎡ becomes two characters
    normalized = Normalizer({})(source)
    assert normalized.text == "每m2电耗"
    start = normalized.text.index("电耗")
    assert normalized.source_slice(source, start, start + 2) == "电耗"
    assert normalized.source_slice(source, 1, 3) == "㎡"


@given(st.text(max_size=40))
def test_offsets_are_consistent_with_the_text(source: str) -> None:
    normalize = Normalizer(TRADITIONAL)
    normalized = normalize(source)
    assert normalized.text == normalize.text(source)
    origin = normalized.origin or tuple(range(len(normalized.text)))
    assert list(origin) == sorted(origin)
    assert all(0 <= index < len(source) for index in origin)
