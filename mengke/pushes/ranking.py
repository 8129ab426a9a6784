"""The policy ranker as the services run it: a Matcher of the policies' own."""

from __future__ import annotations

from matcher.config import MatchConfig
from matcher.eligibility.ranking import MatcherRanker
from mengke.resources import build_default_matcher
from mengke.settings import MatcherSettings


def build_policy_ranker(settings: MatcherSettings | None = None) -> MatcherRanker:
    """Slow (about a second: the dictionaries); build once per process. The listing cut is 0
    so that every policy sharing a term with the enterprise gets a score to be ranked by."""
    return MatcherRanker(build_default_matcher(settings, MatchConfig(listing_cut=0.0)))
