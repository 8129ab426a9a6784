"""Learning from brokers' and enterprises' verdicts on matches, as a pure function: verdicts in,
"what to change" out. The caller applies the changes (Matcher.apply) and stores them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from matcher.model import KeywordPair

Verdict = Literal["interested", "irrelevant", "claimed", "signed", "failed"]
POSITIVE = frozenset({"interested", "claimed", "signed"})


@dataclass(frozen=True)
class Feedback:
    demand_id: str
    achievement_id: str
    verdict: Verdict
    pairs: tuple[KeywordPair, ...] = ()  # the evidence shown with the match, if kept


@dataclass(frozen=True)
class Changes:
    # Pairs never to return again, and pairs a later positive verdict takes back.
    suppress: frozenset[tuple[str, str]] = frozenset()
    restore: frozenset[tuple[str, str]] = frozenset()
    # Fuzzy term pairs (demand term, achievement term) that positive verdicts keep confirming:
    # candidates for the synonym table, for an operator to review, never applied blindly.
    synonym_candidates: tuple[tuple[str, str, int], ...] = ()
    # Fuzzy term pairs behind matches judged irrelevant again and again (脱硫 ≠ 脱硝).
    misleading_pairs: tuple[tuple[str, str, int], ...] = ()


def _fuzzy(pairs: Iterable[KeywordPair]) -> set[tuple[str, str]]:
    return {(p.demand_term, p.achievement_term) for p in pairs if p.similarity < 100}


def _supported(counts: Counter[tuple[str, str]], least: int) -> tuple[tuple[str, str, int], ...]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple((first, second, n) for (first, second), n in ranked if n >= least)


def apply_feedback(feedback: Iterable[Feedback], min_support: int = 2) -> Changes:
    """Verdicts in time order; the last verdict on a pair decides it. `failed` (talks broke
    down) changes nothing: the match was right, the deal did not happen."""
    last: dict[tuple[str, str], Feedback] = {}
    for item in feedback:
        last[(item.demand_id, item.achievement_id)] = item
    confirmed: Counter[tuple[str, str]] = Counter()
    rejected: Counter[tuple[str, str]] = Counter()
    for item in last.values():
        if item.verdict in POSITIVE:
            confirmed.update(_fuzzy(item.pairs))
        elif item.verdict == "irrelevant":
            rejected.update(_fuzzy(item.pairs))
    return Changes(
        suppress=frozenset(pair for pair, item in last.items() if item.verdict == "irrelevant"),
        restore=frozenset(pair for pair, item in last.items() if item.verdict in POSITIVE),
        synonym_candidates=_supported(confirmed, min_support),
        misleading_pairs=_supported(rejected, min_support),
    )
