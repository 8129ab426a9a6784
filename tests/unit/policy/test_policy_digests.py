"""A week of digests for daily and weekly subscribers, driven by the job functions with an
injected `now`: what each gets, nothing twice, nothing empty, one per period."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from mengke.pushes.service import PushDeps, send_digests
from storage import models
from tests.support.policy_pushes import (
    add_devset_policy,
    at,
    delivered,
    sent,
    unsubscribe,
)

# Eligible devset policies per enterprise, as policy_gold.jsonl lists them.
DE002 = {"DP001", "DP002", "DP003", "DP005", "DP019"}
DE004 = {"DP001", "DP002", "DP003", "DP005", "DP007", "DP008"}


def _as_sets(pushes):
    return {(recipient, key, frozenset(ids)) for recipient, key, ids in pushes}


def test_a_week_of_daily_and_weekly_digests(deps, bus, sessions, week):
    monday = at("2026-11-16")
    send_digests(deps, "daily", monday)
    send_digests(deps, "weekly", monday)
    assert _as_sets(sent(bus)) == {
        (101, "digest:daily:2026-11-16", frozenset(DE002)),
        (103, "digest:daily:2026-11-16", frozenset({"DP013"})),
        (102, "digest:weekly:2026-W47", frozenset(DE004)),
        (104, "digest:weekly:2026-W47", frozenset({"DP001", "DP016"})),
    }

    send_digests(deps, "daily", at("2026-11-17"))  # Tuesday: nothing new, nothing sent
    assert len(sent(bus)) == 4

    with sessions.begin() as session:  # Wednesday: a new policy, and DP001 republished
        add_devset_policy(session, "DP003", id="NEW1", title="研发投入后补助（第二批）")
        add_devset_policy(session, "DP001", summary="（修订）对在自治区内落地转化的成果给予补助。")
    send_digests(deps, "daily", at("2026-11-18"))
    assert sent(bus)[4:] == [(101, "digest:daily:2026-11-18", ["NEW1"])]

    with sessions.begin() as session:  # Thursday: 101 unsubscribes; another new policy
        unsubscribe(session, 101)
        add_devset_policy(session, "DP005", id="NEW2", title="揭榜挂帅（第二批）")
    send_digests(deps, "daily", at("2026-11-19"))
    assert len(sent(bus)) == 5

    next_monday = at("2026-11-23")
    send_digests(deps, "daily", next_monday)
    send_digests(deps, "weekly", next_monday)
    assert [(r, k, set(ids)) for r, k, ids in sent(bus)[5:]] == [
        (102, "digest:weekly:2026-W48", {"NEW1", "NEW2"})
    ]

    told = [(recipient, policy) for recipient, _, ids in sent(bus) for policy in ids]
    assert len(told) == len(set(told)), "a subscriber was told about a policy twice"
    with sessions() as session:
        assert delivered(session, 102) == DE004 | {"NEW1", "NEW2"}


def test_at_most_one_digest_per_period_however_often_the_job_runs(deps, bus, sessions, week):
    send_digests(deps, "daily", at("2026-11-16"))
    with sessions.begin() as session:
        add_devset_policy(session, "DP003", id="NEW1", title="研发投入后补助（第二批）")
    send_digests(deps, "daily", at("2026-11-16", 15))  # a rerun later the same day
    assert [key for _, key, _ in sent(bus)].count("digest:daily:2026-11-16") == 2  # 101, 103
    send_digests(deps, "daily", at("2026-11-17"))
    assert sent(bus)[-1] == (101, "digest:daily:2026-11-17", ["NEW1"])


def test_a_digest_holds_at_most_the_limit_and_the_rest_comes_next_time(sessions, bus, week):
    deps = PushDeps(sessions=sessions, bus=bus, digest_limit=2)
    send_digests(deps, "daily", at("2026-11-16"))
    send_digests(deps, "daily", at("2026-11-17"))
    send_digests(deps, "daily", at("2026-11-18"))
    sizes = [len(ids) for recipient, _, ids in sent(bus) if recipient == 101]
    assert sizes == [2, 2, 1]
    with sessions() as session:
        assert delivered(session, 101) == DE002


def test_expired_policies_are_not_sent(deps, bus, sessions, week):
    with sessions.begin() as session:
        add_devset_policy(session, "DP019", deadline="2026-11-15")
    send_digests(deps, "daily", at("2026-11-16"))
    assert (101, "digest:daily:2026-11-16", frozenset(DE002 - {"DP019"})) in _as_sets(sent(bus))


def test_a_push_recorded_before_a_crash_is_published_by_the_next_run(deps, bus, sessions, week):
    original = bus.publish

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    bus.publish = broken  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        send_digests(deps, "daily", at("2026-11-16"))
    bus.publish = original  # type: ignore[method-assign]
    assert sent(bus) == []

    send_digests(deps, "daily", at("2026-11-16", 10))
    assert {(r, k) for r, k, _ in sent(bus)} == {
        (101, "digest:daily:2026-11-16"),
        (103, "digest:daily:2026-11-16"),
    }
    with sessions() as session:
        unpublished = session.scalars(
            select(models.PolicyDispatch).where(models.PolicyDispatch.published_at.is_(None))
        )
        assert list(unpublished) == []
