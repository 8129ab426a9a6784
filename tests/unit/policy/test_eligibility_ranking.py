"""Qualifying policies ranked by the matcher's topical relevance, near misses after them."""

from __future__ import annotations

import json

import pytest

from matcher.eligibility.model import PolicyDoc, Profile
from matcher.eligibility.ranking import match_policies
from mengke import events
from mengke.pushes.ranking import build_policy_ranker
from mengke.pushes.service import PushDeps, send_digests
from tests.support.paths import devset
from tests.support.policy_pushes import at, sent


@pytest.fixture(scope="module")
def ranker():
    return build_policy_ranker()


def _devset(kind: str, model):
    lines = (devset() / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()
    return [model.model_validate(json.loads(line)) for line in lines]


@pytest.fixture(scope="module")
def policies() -> list[PolicyDoc]:
    return [PolicyDoc.of(p) for p in _devset("policies", events.Policy)]


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return {e.id: Profile.of(e) for e in _devset("enterprises", events.Enterprise)}


def test_the_policy_about_the_enterprises_own_work_comes_first(ranker, policies, profiles):
    found = match_policies(profiles["DE004"], policies, ranker)
    order = [m.policy.id for m in found.eligible]
    assert sorted(order) == ["DP001", "DP002", "DP003", "DP005", "DP007", "DP008"]
    assert order[0] == "DP007"  # 风光制氢, 电解槽: the hydrogen policy
    assert set(order[:2]) == {"DP007", "DP008"}
    assert found.eligible[0].relevance > found.eligible[-1].relevance


def test_near_misses_are_the_policies_one_qualification_away(ranker, policies, profiles):
    found = match_policies(profiles["DE009"], policies, ranker)
    assert sorted(m.policy.id for m in found.near_misses) == ["DP002", "DP003"]
    for miss in found.near_misses:
        assert [type(g.rule).__name__ for g in miss.evaluation.gaps] == ["Qualification"]


def test_a_digest_lists_the_most_relevant_policy_first(ranker, sessions, bus, week):
    deps = PushDeps(sessions=sessions, bus=bus, ranker=ranker)
    send_digests(deps, "weekly", at("2026-11-16"))
    digest = next(ids for recipient, _, ids in sent(bus) if recipient == 102)
    assert digest[0] == "DP007"
