"""Feedback on matches: the status moves by the rules, and `irrelevant` is never shown again."""

from __future__ import annotations

from sqlalchemy import func, select

from consumers.deadletters import DeadLetter
from mengke.components.matcher import build_matcher
from storage import models
from tests.support.pipeline import (
    add_broker,
    add_user,
    fresh_matcher,
    publish,
    record,
    records,
    settle,
)


def _prepare(context, matching) -> None:
    with context.sessions.begin() as session:
        add_user(session, 601)
        add_broker(session, 701)
        add_broker(session, 702)
    for data in records("achievements"):
        publish(context.bus, "achievement.published", data)
    publish(context.bus, "demand.submitted", record("demands", "DD001"))
    settle(matching)


def _feedback(context, achievement_id: str, user_id: int, verdict: str) -> None:
    data = {
        "demand_id": "DD001",
        "achievement_id": achievement_id,
        "user_id": user_id,
        "verdict": verdict,
    }
    publish(context.bus, "match.feedback", data)


def _match(context, achievement_id: str) -> models.Match:
    with context.sessions() as session:
        return session.scalar(
            select(models.Match).where(
                models.Match.demand_id == "DD001", models.Match.achievement_id == achievement_id
            )
        )


def test_only_the_claiming_broker_moves_a_claimed_match(context, matching):
    _prepare(context, matching)
    _feedback(context, "DA001", 701, "claimed")
    _feedback(context, "DA001", 702, "signed")
    _feedback(context, "DA001", 601, "interested")
    settle(matching)
    assert (_match(context, "DA001").status, _match(context, "DA001").claimed_by) == (
        "claimed",
        701,
    )

    _feedback(context, "DA001", 701, "signed")
    settle(matching)

    assert _match(context, "DA001").status == "signed"
    with context.sessions() as session:
        verdicts = session.scalars(select(models.Feedback.verdict).order_by(models.Feedback.id))
        assert list(verdicts) == ["claimed", "signed", "interested", "signed"]


def test_an_irrelevant_pair_is_never_recommended_again_live_or_after_a_rebuild(context, matching):
    _prepare(context, matching)
    demand = matching.index.demand("DD001")
    assert "DA001" in {r.achievement_id for r in matching.index.matcher.match_demand(demand)}

    _feedback(context, "DA001", 601, "irrelevant")
    settle(matching)

    assert _match(context, "DA001").status == "irrelevant"
    assert "DA001" not in {r.achievement_id for r in matching.index.matcher.match_demand(demand)}
    rebuilt = build_matcher(context, matcher=fresh_matcher(), instance_id="rebuilt")
    found = rebuilt.index.matcher.match_demand(demand)
    assert found and "DA001" not in {r.achievement_id for r in found}


def test_feedback_on_an_unknown_match_is_a_dead_letter_and_the_rest_goes_on(context, matching):
    _prepare(context, matching)
    _feedback(context, "DA999", 601, "interested")
    _feedback(context, "DA001", 601, "interested")
    settle(matching)

    letters = [
        DeadLetter.model_validate_json(r.value)
        for r in context.bus.records(context.bus.topics.dlq)
    ]
    assert [(d.topic, d.error_class) for d in letters] == [
        (context.bus.topics.feedback, "PermanentError")
    ]
    assert "DA999" in letters[0].error_message
    assert _match(context, "DA001").status == "interested"
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(models.Feedback)) == 1
