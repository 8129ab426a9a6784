"""The text half of /stats (the chart is bot/charts.py)."""

from __future__ import annotations

from bot.render import esc
from bot.services.stats import GroupCount, Stats
from bot.texts import T


def _rows(groups: list[GroupCount]) -> list[str]:
    if not groups:
        return [T.STATS_EMPTY_GROUP]
    return [T.STATS_ROW.format(name=esc(g.name), supply=g.supply, demand=g.demand) for g in groups]


def funnel_text(counts: list[int]) -> str:
    """推荐 120 → 感兴趣 20（17%）→ …; each rate is relative to the stage before."""
    steps = [T.STATS_FUNNEL_STEP.format(name=T.FUNNEL_NAMES[0], count=counts[0])]
    for name, before, count in zip(T.FUNNEL_NAMES[1:], counts[:-1], counts[1:], strict=True):
        rate = round(100 * count / before) if before else 0
        steps.append(T.STATS_FUNNEL_RATE.format(name=name, count=count, rate=rate))
    return " → ".join(steps)


def stats_text(stats: Stats) -> str:
    return "\n".join(
        [
            T.STATS_HEADER.format(time=stats.taken_at.strftime("%Y-%m-%d %H:%M")),
            T.STATS_TOTALS.format(
                achievements=stats.achievements, demands=stats.demands, matches=stats.matches
            ),
            "",
            T.STATS_BY_INDUSTRY,
            *_rows(stats.by_industry),
            "",
            T.STATS_BY_REGION,
            *_rows(stats.by_region),
            "",
            T.STATS_FUNNEL.format(steps=funnel_text(stats.funnel)),
        ]
    )
