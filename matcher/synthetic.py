"""Seeded synthetic corpora for benchmarks: new records recombined from a sample dataset's
sentences, title parts and keywords, so the vocabulary and lengths stay realistic."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from matcher.model import Achievement, Demand

_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_TITLE_JOINT = re.compile(r"(与|及|和|的|、|，)")


@dataclass(frozen=True)
class Pools:
    sentences: tuple[str, ...]
    lengths: tuple[int, ...]  # description lengths of the sample, to draw targets from
    title_parts: tuple[str, ...]
    keywords: tuple[str, ...]
    industries: tuple[str, ...]
    regions: tuple[str, ...]


def pools(records: Sequence[Achievement | Demand]) -> Pools:
    def parts(text: str, pattern: re.Pattern[str]) -> list[str]:
        return [p.strip() for p in pattern.split(text) if len(p.strip()) > 1]

    return Pools(
        sentences=tuple(s for r in records for s in parts(r.description, _SENTENCE_END)),
        lengths=tuple(len(r.description) for r in records if r.description),
        title_parts=tuple(p for r in records for p in parts(r.title, _TITLE_JOINT)),
        keywords=tuple(k for r in records for k in r.keywords),
        industries=tuple(sorted({r.industry for r in records if r.industry})),
        regions=tuple(sorted({r.region for r in records if r.region})),
    )


def _title(rng: random.Random, pool: Pools) -> str:
    return "与".join(rng.sample(pool.title_parts, k=rng.randint(1, 2)))


def _text(rng: random.Random, pool: Pools) -> str:
    """Sentences until the length of a randomly drawn sample description is reached."""
    target, text = rng.choice(pool.lengths), ""
    while len(text) < target:
        text += rng.choice(pool.sentences)
    return text


def achievements(pool: Pools, count: int, seed: int = 0) -> Iterator[Achievement]:
    rng = random.Random(seed)
    for number in range(count):
        yield Achievement(
            id=f"SA{number:06d}",
            title=_title(rng, pool),
            description=_text(rng, pool),
            industry=rng.choice(pool.industries),
            keywords=tuple(rng.sample(pool.keywords, k=rng.randint(3, 8))),
            maturity=rng.choice(("实验室", "小试", "中试", "产业化")),
            transfer_mode=rng.choice(("转让", "许可", "作价入股", "合作开发", "技术服务")),
            owner=None,
            region=rng.choice(pool.regions),
            price_wan=rng.choice((None, float(rng.randint(10, 1000)))),
        )


def demands(pool: Pools, count: int, seed: int = 1) -> Iterator[Demand]:
    rng = random.Random(seed)
    for number in range(count):
        yield Demand(
            id=f"SD{number:06d}",
            title=_title(rng, pool),
            description=_text(rng, pool),
            industry=rng.choice(pool.industries),
            keywords=tuple(rng.sample(pool.keywords, k=rng.randint(0, 5))),
            region=rng.choice(pool.regions),
            budget_wan=rng.choice((None, float(rng.randint(10, 3000)))),
            enterprise=None,
        )
