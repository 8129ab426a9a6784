import json
from datetime import datetime

import pytest

from mengke.events import (
    PAYLOADS,
    Achievement,
    ContractError,
    Demand,
    Topics,
    content_event_id,
    decode,
    encode,
    new_event,
    validate_payload,
)
from tests.support.paths import devset

DEVSET_FILES = {
    "achievements.jsonl": "achievement.published",
    "demands.jsonl": "demand.submitted",
    "policies.jsonl": "policy.published",
    "enterprises.jsonl": "enterprise.registered",
}


@pytest.mark.parametrize(("filename", "event_type"), DEVSET_FILES.items())
def test_every_devset_record_round_trips_through_the_envelope(filename, event_type):
    for line in (devset() / filename).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        envelope = new_event(event_type, validate_payload(event_type, record), "test")
        decoded = decode(encode(envelope))
        assert decoded == envelope
        assert decoded.parsed().model_dump(mode="json", include=set(record)) == record


def test_envelope_carries_the_designed_fields():
    payload = Achievement(id="A1", title="钕铁硼")
    raw = json.loads(encode(new_event("achievement.published", payload, "import")))
    assert set(raw) == {"event_id", "type", "version", "occurred_at", "source", "payload"}
    assert raw["version"] == 1
    assert datetime.fromisoformat(raw["occurred_at"]).utcoffset() is not None


def test_unknown_extra_fields_are_ignored_and_missing_optionals_are_null():
    demand = Demand.model_validate({"id": "D1", "title": "求技术", "colour": "red"})
    assert demand.budget_wan is None
    assert demand.keywords == []
    assert not hasattr(demand, "colour")


@pytest.mark.parametrize(
    ("event_type", "payload", "field"),
    [
        ("achievement.published", {"id": "A1"}, "payload.title"),
        ("achievement.published", {"id": "A1", "title": " "}, "payload.title"),
        (
            "achievement.published",
            {"id": "A1", "title": "t", "maturity": "量产"},
            "payload.maturity",
        ),
        (
            "achievement.published",
            {"id": "A1", "title": "t", "price_wan": "很贵"},
            "payload.price_wan",
        ),
        ("achievement.published", {"id": "A1", "title": "长" * 201}, "payload.title"),
        ("demand.submitted", {"id": "D1", "title": "t", "budget_wan": -1}, "payload.budget_wan"),
        ("demand.submitted", {"id": "D1", "title": "t", "deadline": "明年"}, "payload.deadline"),
        ("enterprise.registered", {"id": "E1", "name": "n", "size": "巨型"}, "payload.size"),
        ("enterprise.registered", {"id": "E1", "name": "n", "rd_ratio": 2}, "payload.rd_ratio"),
        (
            "match.recommended",
            {"demand_id": "D", "achievement_id": "A", "score": 101, "direction": "demand→supply"},
            "payload.score",
        ),
        (
            "match.feedback",
            {"demand_id": "D", "achievement_id": "A", "user_id": 1, "verdict": "maybe"},
            "payload.verdict",
        ),
    ],
)
def test_validation_errors_name_the_field(event_type, payload, field):
    with pytest.raises(ContractError) as caught:
        validate_payload(event_type, payload)
    assert caught.value.field == field
    assert caught.value.reason


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b"\xff\xfe", "(message)"),
        (b"[1, 2]", "(message)"),
        (
            b'{"event_id": "e", "type": "nope", "occurred_at": "2026-11-21T09:30:00+08:00",'
            b' "source": "s", "payload": {}}',
            "type",
        ),
        (
            b'{"event_id": "e", "type": "demand.closed", "occurred_at": "2026-11-21T09:30:00",'
            b' "source": "s", "payload": {"id": "D1"}}',
            "occurred_at",
        ),
        (
            b'{"type": "demand.closed", "occurred_at": "2026-11-21T09:30:00+08:00",'
            b' "source": "s", "payload": {"id": "D1"}}',
            "event_id",
        ),
    ],
)
def test_decode_rejects_broken_envelopes_naming_the_field(raw, field):
    with pytest.raises(ContractError) as caught:
        decode(raw)
    assert caught.value.field == field


def test_spreadsheet_list_cells_split_on_chinese_separators():
    demand = Demand.model_validate(
        {"id": "D1", "title": "t", "keywords": "钕铁硼；矫顽力、PV，SCR"}
    )
    assert demand.keywords == ["钕铁硼", "矫顽力", "PV", "SCR"]


def test_content_event_id_follows_content_not_time():
    one = Achievement(id="A1", title="钕铁硼")
    assert content_event_id("achievement.published", one) == content_event_id(
        "achievement.published", Achievement(id="A1", title="钕铁硼")
    )
    changed = Achievement(id="A1", title="钕铁硼磁体")
    assert content_event_id("achievement.published", one) != content_event_id(
        "achievement.published", changed
    )


def test_topics_cover_every_event_type_and_take_a_suffix():
    topics = Topics.with_suffix(".t1")
    assert {topic for topic, _ in PAYLOADS.values()} <= set(Topics().all())
    assert all(name.endswith(".t1") for name in topics.all())
