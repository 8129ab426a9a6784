"""Buttons on matches: the enterprise's verdict, the broker's claim and outcome."""

from __future__ import annotations

from bot.callbacks import MatchCb
from bot.texts import T
from tests.support.bot_harness import texts
from tests.unit.bot.conftest import (
    BROKER,
    ENTERPRISE_USER,
    OTHER_BROKER,
    add_brokers,
    add_match,
    published,
)


def tap_data(action: str, match_id: int) -> str:
    return MatchCb(action=action, match_id=match_id).pack()


async def test_interested_publishes_feedback_and_marks_the_message(harness, bus, sessions):
    match_id = add_match(sessions)

    calls = await harness.tap(ENTERPRISE_USER, tap_data("interested", match_id), text="推荐……")

    [event] = published(bus, "match.feedback")
    assert event.payload == {
        "demand_id": f"tg{ENTERPRISE_USER}-d1",
        "achievement_id": "DA009",
        "user_id": ENTERPRISE_USER,
        "verdict": "interested",
    }
    assert T.FEEDBACK_INTERESTED in texts(calls)
    [edited] = [c for c in calls if c.method == "editMessageText"]
    assert T.MARK_INTERESTED in edited.text
    assert [label for label, _ in edited.buttons] == [T.BTN_DETAIL]


async def test_irrelevant_is_recorded_as_feedback(harness, bus, sessions):
    match_id = add_match(sessions)

    calls = await harness.tap(ENTERPRISE_USER, tap_data("irrelevant", match_id))

    [event] = published(bus, "match.feedback")
    assert event.payload["verdict"] == "irrelevant"
    assert T.FEEDBACK_IRRELEVANT in texts(calls)


async def test_only_the_demand_contact_gives_the_enterprise_verdict(harness, bus, sessions):
    match_id = add_match(sessions)

    calls = await harness.tap(555, tap_data("interested", match_id))

    assert texts(calls) == [T.NOT_YOUR_DEMAND]
    assert published(bus, "match.feedback") == []


async def test_an_unknown_match_is_answered_not_crashed(harness, bus):
    calls = await harness.tap(ENTERPRISE_USER, tap_data("interested", 9999))

    assert texts(calls) == [T.MATCH_NOT_FOUND]


async def test_a_non_broker_cannot_claim(harness, bus, sessions):
    match_id = add_match(sessions)
    add_brokers(sessions, BROKER, status="pending")

    for user_id in (ENTERPRISE_USER, BROKER):
        calls = await harness.tap(user_id, tap_data("claim", match_id))
        assert texts(calls) == [T.BROKER_ONLY]
    assert published(bus, "match.feedback") == []


async def test_claim_then_sign_moves_the_match_and_shows_the_next_step(harness, bus, sessions):
    match_id = add_match(sessions, status="interested")
    add_brokers(sessions, BROKER)

    claimed = await harness.tap(BROKER, tap_data("claim", match_id))
    [edited] = [c for c in claimed if c.method == "editMessageText"]
    assert T.CLAIMED_BY_YOU in edited.text
    assert [label for label, _ in edited.buttons][:2] == [T.BTN_SIGNED, T.BTN_FAILED]

    signed = await harness.tap(BROKER, tap_data("signed", match_id))
    assert T.SIGNED_OK in texts(signed)
    verdicts = [e.payload["verdict"] for e in published(bus, "match.feedback")]
    assert verdicts == ["claimed", "signed"]
    assert all(e.payload["user_id"] == BROKER for e in published(bus, "match.feedback"))


async def test_only_the_claiming_broker_moves_a_claimed_match(harness, bus, sessions):
    match_id = add_match(sessions)
    add_brokers(sessions, BROKER, OTHER_BROKER)
    await harness.tap(BROKER, tap_data("claim", match_id))

    # The consumer has not stored the claim yet: the bot still knows who claimed first.
    assert texts(await harness.tap(OTHER_BROKER, tap_data("claim", match_id))) == [
        T.CLAIMED_BY_OTHER
    ]
    assert texts(await harness.tap(OTHER_BROKER, tap_data("signed", match_id))) == [T.NOT_CLAIMER]
    assert len(published(bus, "match.feedback")) == 1


async def test_a_claim_stored_by_the_consumer_is_respected(harness, bus, sessions):
    add_brokers(sessions, BROKER, OTHER_BROKER)
    match_id = add_match(sessions, status="claimed", claimed_by=BROKER)

    assert texts(await harness.tap(OTHER_BROKER, tap_data("failed", match_id))) == [T.NOT_CLAIMER]
    assert texts(await harness.tap(BROKER, tap_data("failed", match_id)))[-1] == T.FAILED_OK


async def test_an_outcome_cannot_be_changed_or_recorded_before_a_claim(harness, bus, sessions):
    match_id = add_match(sessions)
    add_brokers(sessions, BROKER)

    assert texts(await harness.tap(BROKER, tap_data("signed", match_id))) == [T.NOT_CLAIMED_YET]
    await harness.tap(BROKER, tap_data("claim", match_id))
    await harness.tap(BROKER, tap_data("signed", match_id))
    refused = texts(await harness.tap(BROKER, tap_data("failed", match_id)))

    assert refused == [T.MATCH_FINISHED.format(status=T.MATCH_STATUS["signed"])]
    assert [e.payload["verdict"] for e in published(bus, "match.feedback")] == [
        "claimed",
        "signed",
    ]


async def test_a_finished_or_rejected_match_cannot_be_claimed(harness, bus, sessions):
    add_brokers(sessions, BROKER)
    rejected = add_match(sessions, status="irrelevant")
    signed = add_match(sessions, achievement_id="DA010", status="signed", claimed_by=BROKER)

    assert texts(await harness.tap(BROKER, tap_data("claim", rejected))) == [T.MATCH_REJECTED]
    assert texts(await harness.tap(BROKER, tap_data("claim", signed))) == [
        T.MATCH_FINISHED.format(status=T.MATCH_STATUS["signed"])
    ]
