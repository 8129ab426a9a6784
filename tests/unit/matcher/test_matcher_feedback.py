"""Verdicts in, changes out: suppression, and term pairs for an operator to review."""

from __future__ import annotations

from matcher.feedback import Feedback, apply_feedback
from matcher.model import KeywordPair

FUZZY = KeywordPair("脱硫催化剂", "脱硝催化剂", 80.0)
EXACT = KeywordPair("钕铁硼", "钕铁硼", 100.0)
VARIANT = KeywordPair("储能站", "储能电站", 85.7)


def test_irrelevant_pairs_are_suppressed_and_the_last_verdict_wins() -> None:
    changes = apply_feedback(
        [
            Feedback("D1", "A1", "irrelevant"),
            Feedback("D2", "A2", "irrelevant"),
            Feedback("D2", "A2", "signed"),
            Feedback("D3", "A3", "failed"),
        ]
    )
    assert changes.suppress == {("D1", "A1")}
    assert changes.restore == {("D2", "A2")}


def test_fuzzy_pairs_are_proposed_once_verdicts_agree_often_enough() -> None:
    verdicts = [
        Feedback("D1", "A1", "irrelevant", (FUZZY, EXACT)),
        Feedback("D2", "A2", "irrelevant", (FUZZY,)),
        Feedback("D3", "A3", "interested", (VARIANT, EXACT)),
        Feedback("D4", "A4", "signed", (VARIANT,)),
        Feedback("D5", "A5", "claimed", (KeywordPair("机组", "风电机组", 67.0),)),
    ]
    changes = apply_feedback(verdicts, min_support=2)
    assert changes.misleading_pairs == (("脱硫催化剂", "脱硝催化剂", 2),)
    assert changes.synonym_candidates == (("储能站", "储能电站", 2),)


def test_no_feedback_changes_nothing() -> None:
    changes = apply_feedback([])
    assert not (changes.suppress or changes.restore or changes.synonym_candidates)
