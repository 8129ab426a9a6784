"""Properties of scores and explanations over generated texts."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.engine import Matcher
from matcher.model import Achievement, Demand

VOCABULARY = [
    "钕铁硼",
    "NdFeB",
    "磁钢",
    "退磁",
    "矫顽力",
    "储能电站",
    "冬天",
    "充不进电",
    "光伏组件",
    "积灰",
    "PV",
    "脱硝",
    "SCR",
    "催化剂",
    "羔羊",
    "拉稀",
    "电解铝",
    "节能",
    "粉煤灰",
    "液冷",
    "提取氧化铝",
    "PUE",
    "奶牛",
    "乳房炎",
    "我们",
    "想",
    "技术",
    "，",
    "。",
    "150℃",
    "分盐",
    "高盐废水",
]
texts = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12).map("".join)
INDUSTRIES = st.sampled_from([None, "稀土新材料", "新能源", "能源电力", "煤化工", "纺织"])
REGIONS = st.sampled_from([None, "包头", "包头市", "鄂尔多斯", "北京"])
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def achievement(title: str, description: str, industry, region) -> Achievement:  # type: ignore[no-untyped-def]
    return Achievement(
        id="A",
        title=title,
        description=description,
        industry=industry,
        region=region,
        keywords=tuple(re.findall(r"\w+", title)[:3]),
        maturity="中试",
        transfer_mode="合作开发",
    )


@SETTINGS
@given(texts, texts, texts, texts, INDUSTRIES, INDUSTRIES, REGIONS, REGIONS)
def test_scores_stay_within_0_and_100_and_are_the_sum_of_their_factors(
    fresh: Callable[..., Matcher],
    title,
    text,
    other_title,
    other_text,
    industry,
    other_industry,
    region,
    other_region,
) -> None:  # type: ignore[no-untyped-def]
    matcher = fresh(listing_cut=0.0)
    matcher.add_achievements(
        [
            achievement(other_title, other_text, other_industry, other_region),
            achievement(title, text, industry, region).__class__(
                id="B", title=title, description=text
            ),
        ]
    )
    demand = Demand(id="D", title=title, description=text, industry=industry, region=region)
    for result in matcher.match_demand(demand, limit=5):
        assert 0.0 <= result.score <= 100.0
        assert all(0.0 <= points <= 100.0 for points in result.factors.values())
        assert abs(sum(result.factors.values()) - result.score) < 0.05


@SETTINGS
@given(texts, texts, INDUSTRIES, REGIONS)
def test_a_demand_written_like_the_achievement_scores_high(
    fresh: Callable[..., Matcher],
    title,
    text,
    industry,
    region,
) -> None:  # type: ignore[no-untyped-def]
    matcher = fresh()
    matcher.add_achievement(achievement(title, text, industry, region))
    results = matcher.match_demand(
        Demand(
            id="D",
            title=title,
            description=text,
            keywords=tuple(re.findall(r"\w+", title)[:3]),
            industry=industry,
            region=region,
        )
    )
    if results:  # texts made only of stop words and punctuation have nothing to match
        assert results[0].score >= matcher.config.alert_cut


@SETTINGS
@given(texts, texts, texts, texts)
def test_explanations_quote_only_words_that_occur(
    fresh: Callable[..., Matcher],
    title,
    text,
    other_title,
    other_text,
) -> None:  # type: ignore[no-untyped-def]
    matcher = fresh(listing_cut=0.0)
    supply = Achievement(id="A", title=other_title, description=other_text, keywords=("储能",))
    matcher.add_achievement(supply)
    demand = Demand(id="D", title=title, description=text, keywords=("NdFeB",))
    for result in matcher.match_demand(demand) + matcher.search(title):
        for pair in result.pairs:
            assert pair.demand_term in f"{title} {text} NdFeB" or result.demand_id == ""
            assert pair.achievement_term in f"{other_title} {other_text} 储能"
            assert 0 < pair.similarity <= 100
