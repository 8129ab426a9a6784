"""The Matcher's API both ways: listing, alerts, percolation, subscriptions, suppression."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from matcher.engine import Matcher
from matcher.feedback import Feedback, apply_feedback
from matcher.model import Achievement, Demand, MatchResult, Subscription

MAGNET = Achievement(
    id="A1",
    title="晶界扩散低重稀土高矫顽力烧结钕铁硼磁体",
    industry="稀土新材料",
    description="在烧结磁体表面沉积铽、镝薄膜，重稀土用量减少60%，内禀矫顽力提高，适用于驱动电机磁钢。",
    keywords=("钕铁硼", "晶界扩散", "矫顽力"),
    maturity="产业化",
    transfer_mode="许可",
    region="包头",
)
SCRUBBER = Achievement(
    id="A2",
    title="铈钨钛系无钒稀土脱硝催化剂",
    industry="稀土新材料",
    description="以铈、钨替代钒系配方，蜂窝式SCR催化剂，氮氧化物脱除率超过90%，适用于燃煤电厂。",
    keywords=("SCR", "脱硝催化剂", "无钒"),
    maturity="产业化",
    transfer_mode="许可",
    region="包头",
)
STORAGE = Achievement(
    id="A3",
    title="高寒地区储能电站电池热管理与低温加热技术",
    industry="新能源",
    description="针对冬季-30℃以下磷酸铁锂储能电池无法充电的问题，液冷板与PTC加热结合，与BMS联动。",
    keywords=("储能电池", "低温加热", "热管理", "BMS"),
    region="呼伦贝尔",
)
ASK = Demand(
    id="D1",
    title="电机磁钢耐温不够，想少用镝铽",
    industry="稀土新材料",
    region="包头",
    description="我们做烧结NdFeB，客户要求磁钢150℃以上不能明显退磁，重稀土太贵，想把Hcj提上去。",
    keywords=("NdFeB", "Hcj"),
)


@pytest.fixture
def matcher(fresh: Callable[..., Matcher]) -> Matcher:
    found = fresh()
    found.add_achievements([MAGNET, SCRUBBER, STORAGE])
    found.add_demand(ASK)
    return found


def ids(results: list[MatchResult]) -> list[str]:
    return [r.achievement_id for r in results]


def test_a_demand_finds_the_achievement_that_solves_it_and_alerts(matcher: Matcher) -> None:
    results = matcher.match_demand(ASK)
    assert ids(results)[0] == "A1" and results[0].alert
    assert results[0].demand_id == "D1"
    assert all(r.score >= matcher.config.listing_cut for r in results)
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_the_explanation_pairs_the_users_words_with_the_achievements(matcher: Matcher) -> None:
    best = matcher.match_demand(ASK)[0]
    assert ("NdFeB", "钕铁硼") in {(p.demand_term, p.achievement_term) for p in best.pairs}
    assert set(best.factors) == {"keywords", "title", "industry", "region", "maturity", "transfer"}
    assert sum(best.factors.values()) == pytest.approx(best.score, abs=0.05)


def test_limit_and_an_unrelated_demand(matcher: Matcher) -> None:
    assert len(matcher.match_demand(ASK, limit=1)) == 1
    assert matcher.match_demand(ASK, limit=0) == []
    assert matcher.match_demand(Demand(id="D9", title="羊血做成血红蛋白粉")) == []


def test_a_new_achievement_is_percolated_to_the_open_demand_it_solves(
    fresh: Callable[..., Matcher],
) -> None:
    matcher = fresh()
    matcher.add_achievements([SCRUBBER, STORAGE])
    matcher.add_demand(ASK)
    assert matcher.percolate(STORAGE) == []
    matcher.add_achievement(MAGNET)
    alerts = matcher.percolate(MAGNET)
    assert [(r.demand_id, r.achievement_id) for r in alerts] == [("D1", "A1")]
    assert alerts[0].alert
    assert alerts[0].score == matcher.match_demand(ASK)[0].score  # one score, either way


def test_closed_demands_and_withdrawn_achievements_are_gone(matcher: Matcher) -> None:
    assert matcher.remove_achievement("A1")
    assert "A1" not in ids(matcher.match_demand(ASK))
    assert matcher.remove_demand("D1")
    assert matcher.percolate(SCRUBBER) == [] and not matcher.remove_demand("D1")


def test_re_adding_an_id_replaces_the_record(matcher: Matcher) -> None:
    renamed = Achievement(id="A1", title="马铃薯脱毒种薯雾培快繁", keywords=("马铃薯",))
    matcher.add_achievement(renamed)
    assert "A1" not in ids(matcher.match_demand(ASK))


def test_subscriptions_match_on_their_keywords(matcher: Matcher) -> None:
    matcher.add_subscription(Subscription(id="S1", keywords=("钕铁硼", "矫顽力")))
    matcher.add_subscription(Subscription(id="S2", keywords=("光伏组件",)))
    hits = matcher.match_subscriptions(MAGNET)
    assert [sub for sub, _ in hits] == ["S1"]
    assert {p.demand_term for p in hits[0][1].pairs} == {"钕铁硼", "矫顽力"}
    assert matcher.remove_subscription("S1") and matcher.match_subscriptions(MAGNET) == []


def test_suppressed_pairs_are_never_returned(matcher: Matcher) -> None:
    changes = apply_feedback([Feedback("D1", "A1", "irrelevant")])
    matcher.apply(changes)
    assert "A1" not in ids(matcher.match_demand(ASK))
    assert matcher.percolate(MAGNET) == []
    matcher.apply(apply_feedback([Feedback("D1", "A1", "signed")]))
    assert ids(matcher.match_demand(ASK))[0] == "A1"


def test_search_lists_without_alerting(matcher: Matcher) -> None:
    found = matcher.search("储能 低温 充不进电")
    assert ids(found)[0] == "A3" and not any(r.alert for r in found)


def test_one_achievement_alerts_at_most_the_configured_number_of_demands(
    fresh: Callable[..., Matcher],
) -> None:
    matcher = fresh(percolation_limit=1)
    twin = Demand(id="D2", title=ASK.title, description=ASK.description, keywords=ASK.keywords)
    matcher.add_demands([ASK, twin])
    matcher.add_achievement(MAGNET)
    assert len(matcher.percolate(MAGNET)) == 1
    assert len(fresh().blank().percolate(MAGNET)) == 0  # an empty matcher alerts nobody


def test_a_short_list_holds_the_best_of_a_long_one_even_with_suppressed_pairs(
    fresh: Callable[..., Matcher],
    devset: tuple[list[Achievement], list[Demand], dict[str, dict[str, int]]],
) -> None:
    """Ranking skips candidates that cannot make a short list; never one that can."""
    matcher = fresh()
    matcher.add_achievements(devset[0])
    everything = len(devset[0])
    for demand in devset[1]:
        for result in matcher.match_demand(demand, 2):
            matcher.suppress(demand.id, result.achievement_id)
    for demand in devset[1]:
        full = matcher.match_demand(demand, everything)
        short = matcher.match_demand(demand, 3)
        assert len(short) == min(3, len(full))
        assert all(result in full for result in short)
        rest = [result.score for result in full if result not in short]
        assert all(result.score >= max(rest, default=0.0) for result in short)
