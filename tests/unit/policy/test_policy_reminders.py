"""Deadline reminders 7 and 1 days ahead, to subscribers who qualify; a missed day is made
up the next day; a policy first heard of inside the window gets no 7-day reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mengke.pushes.service import send_digests, send_reminders
from tests.support.policy_pushes import add_devset_policy, add_subscriber, at, sent, unsubscribe

DEADLINE = date(2026, 11, 30)


@pytest.fixture
def closing_policy(sessions):
    """R1 (the 高企培育 policy, closing 2026-11-30); 101 and 102 qualify, 105 (高企) does not."""
    with sessions.begin() as session:
        add_devset_policy(session, "DP002", id="R1", deadline=DEADLINE.isoformat())
        add_subscriber(session, 101, "DE002", "daily")
        add_subscriber(session, 102, "DE004", "weekly")
        add_subscriber(session, 105, "DE001", "daily")


def _days(first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def _run_days(deps, days: list[str]) -> None:
    for day in days:
        send_reminders(deps, at(day))
        send_digests(deps, "daily", at(day))
        if date.fromisoformat(day).weekday() == 0:
            send_digests(deps, "weekly", at(day))


def _reminders(bus) -> list[tuple[int, str]]:
    return [(recipient, key) for recipient, key, _ in sent(bus) if key.startswith("reminder")]


def test_reminders_seven_and_one_day_before_the_deadline(deps, bus, closing_policy):
    _run_days(deps, _days("2026-11-16", "2026-12-01"))
    assert _reminders(bus) == [
        (101, "reminder7:R1"),
        (102, "reminder7:R1"),
        (101, "reminder1:R1"),
        (102, "reminder1:R1"),
    ]
    keys = [key for recipient, key, _ in sent(bus) if recipient in (101, 102)]
    assert keys == [
        "digest:daily:2026-11-16",
        "digest:weekly:2026-W47",
        "reminder7:R1",
        "reminder7:R1",
        "reminder1:R1",
        "reminder1:R1",
    ]
    # Sent on the 23rd (7 days left) and the 29th (1 day left).
    assert [p for p in sent(bus) if p[1] == "reminder7:R1"] == [
        (101, "reminder7:R1", ["R1"]),
        (102, "reminder7:R1", ["R1"]),
    ]


def test_a_reminder_missed_on_its_day_is_sent_the_next_day(deps, bus, closing_policy):
    _run_days(deps, _days("2026-11-16", "2026-11-22"))
    _run_days(deps, ["2026-11-24"])  # the scheduler was down on the 23rd
    assert _reminders(bus) == [(101, "reminder7:R1"), (102, "reminder7:R1")]
    _run_days(deps, _days("2026-11-25", "2026-11-28") + ["2026-11-30"])  # down on the 29th
    assert _reminders(bus)[2:] == [(101, "reminder1:R1"), (102, "reminder1:R1")]


def test_first_heard_of_inside_the_window_means_no_seven_day_reminder(
    deps, bus, sessions, closing_policy
):
    _run_days(deps, _days("2026-11-16", "2026-11-25"))
    with sessions.begin() as session:
        add_subscriber(session, 106, "DE010", "daily")  # 科技型中小企业 too
    send_digests(deps, "daily", at("2026-11-26"))  # the digest comes first this time
    _run_days(deps, _days("2026-11-26", "2026-11-30"))
    mine = [(key, ids) for recipient, key, ids in sent(bus) if recipient == 106]
    assert mine == [("digest:daily:2026-11-26", ["R1"]), ("reminder1:R1", ["R1"])]


def test_a_reminder_may_be_the_first_mention_but_is_never_a_second_one(
    deps, bus, sessions, closing_policy
):
    _run_days(deps, _days("2026-11-16", "2026-11-25"))
    with sessions.begin() as session:
        add_subscriber(session, 106, "DE010", "daily")
    _run_days(deps, _days("2026-11-26", "2026-11-30"))  # reminders run before the digest
    mine = [(key, ids) for recipient, key, ids in sent(bus) if recipient == 106]
    assert mine == [("reminder7:R1", ["R1"]), ("reminder1:R1", ["R1"])]


def test_unsubscribed_users_get_no_reminders(deps, bus, sessions, closing_policy):
    _run_days(deps, _days("2026-11-16", "2026-11-20"))
    with sessions.begin() as session:
        unsubscribe(session, 101)
    _run_days(deps, _days("2026-11-21", "2026-11-30"))
    assert [r for r, _ in _reminders(bus)] == [102, 102]
