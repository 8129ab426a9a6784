"""Platform statistics for admins: supply and demand per industry and region, the match funnel."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.offload import off_loop
from bot.texts import T
from mengke.events import CHINA_TZ
from storage.models import Achievement, Demand, Match

TOP_GROUPS = 10
# A match counts at every stage it has reached: a signed match was also claimed and interested.
FUNNEL_STAGES: tuple[tuple[str, ...], ...] = (
    ("recommended", "interested", "irrelevant", "claimed", "signed", "failed"),
    ("interested", "claimed", "signed", "failed"),
    ("claimed", "signed", "failed"),
    ("signed",),
)


@dataclass(frozen=True)
class GroupCount:
    name: str
    supply: int
    demand: int


@dataclass(frozen=True)
class Stats:
    taken_at: datetime
    achievements: int
    demands: int
    matches: int
    by_industry: list[GroupCount]
    by_region: list[GroupCount]
    funnel: list[int]


def _count_by(session: Session, column: Any, *conditions: Any) -> Counter[str]:
    rows = session.execute(select(column, func.count()).where(*conditions).group_by(column))
    counts: Counter[str] = Counter()
    for name, count in rows:
        counts[name or T.UNKNOWN] += count
    return counts


def _groups(supply: Counter[str], demand: Counter[str]) -> list[GroupCount]:
    """The largest groups by supply + demand; the rest summed into one row."""
    names = sorted(set(supply) | set(demand), key=lambda n: (-(supply[n] + demand[n]), n))
    groups = [GroupCount(n, supply[n], demand[n]) for n in names[:TOP_GROUPS]]
    rest = names[TOP_GROUPS:]
    if rest:
        groups.append(
            GroupCount(T.STATS_OTHER, sum(supply[n] for n in rest), sum(demand[n] for n in rest))
        )
    return groups


class StatsService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @off_loop
    def collect(self) -> Stats:
        published = Achievement.status == "published"
        with self._sessions() as session:
            statuses = _count_by(session, Match.status)
            supply_ind = _count_by(session, Achievement.industry, published)
            demand_ind = _count_by(session, Demand.industry)
            supply_reg = _count_by(session, Achievement.region, published)
            demand_reg = _count_by(session, Demand.region)
        return Stats(
            taken_at=datetime.now(CHINA_TZ),
            achievements=sum(supply_ind.values()),
            demands=sum(demand_ind.values()),
            matches=sum(statuses.values()),
            by_industry=_groups(supply_ind, demand_ind),
            by_region=_groups(supply_reg, demand_reg),
            funnel=[sum(statuses[s] for s in stage) for stage in FUNNEL_STAGES],
        )
