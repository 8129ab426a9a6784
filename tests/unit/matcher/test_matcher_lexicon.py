"""The plain-text dictionaries: their parsers, and an operator's files layered on top."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.engine import build_matcher
from matcher.lexicon import LexiconError, parse_affinity, parse_synonyms, parse_userdict
from matcher.tokenize import Analyzer
from mengke.resources import DATA_DIR, build_default_matcher, load_resources
from mengke.settings import MatcherSettings


def test_synonym_lines_map_each_variant_to_the_canonical_terms() -> None:
    table = parse_synonyms(["# comment", "钕铁硼 = NdFeB, 钕铁棚", "冬季 羔羊 = 冬羔", ""])
    assert table == {"NdFeB": ("钕铁硼",), "钕铁棚": ("钕铁硼",), "冬羔": ("冬季", "羔羊")}


@pytest.mark.parametrize(
    ("parse", "line"),
    [
        (parse_synonyms, "no equals sign"),
        (parse_affinity, "新能源 煤化工 high"),
        (parse_userdict, "词 很多 n"),
    ],
)
def test_a_bad_line_is_reported_with_its_number(parse, line: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LexiconError, match=r"file\.txt:2:"):
        parse(["# fine", line], "file.txt")


def test_chains_of_synonyms_are_followed_and_a_variant_may_keep_itself(resources) -> None:  # type: ignore[no-untyped-def]
    analyzer = Analyzer(resources)
    assert analyzer.synonyms["褐煤"] == ("褐煤", "低阶煤")
    assert analyzer.synonyms["ndfeb"] == ("钕铁硼",)


def test_every_shipped_file_parses() -> None:
    assert {p.name for p in DATA_DIR.glob("*.txt")} >= {
        "synonyms.txt",
        "userdict.txt",
        "stopwords.txt",
        "traditional.txt",
        "industries.txt",
        "affinity.txt",
        "regions.txt",
        "cues.txt",
    }
    resources = load_resources()
    assert len(resources.synonyms) > 500 and len(resources.userdict) > 1000


def test_operator_files_extend_and_override_the_shipped_ones(tmp_path: Path) -> None:
    synonyms = tmp_path / "synonyms.txt"
    synonyms.write_text("羊绒 = 开司米\n低温 = 掉磁\n", encoding="utf-8")
    userdict = tmp_path / "userdict.txt"
    userdict.write_text("分梳机 10\n", encoding="utf-8")
    settings = MatcherSettings(extra_synonyms=synonyms, extra_userdict=userdict)
    matcher = build_default_matcher(settings)
    terms = [t.term for t in matcher.analyzer.terms("开司米 分梳机 掉磁") if not t.sub]
    assert terms == ["羊绒", "分梳机", "低温"]


def test_building_twice_gives_two_independent_tokenizers(resources) -> None:  # type: ignore[no-untyped-def]
    first, second = build_matcher(resources), build_matcher(resources)
    assert first.analyzer.tokenizer is not second.analyzer.tokenizer
