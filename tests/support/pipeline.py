"""Helpers of the pipeline tests: a matcher without the start-up cost, devset events, users."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import fakeredis
from sqlalchemy.orm import Session

from matcher.config import MatchConfig
from matcher.engine import Matcher
from matcher.tokenize import Analyzer
from matcher.traits import TraitReader
from mengke.bus import Bus, publish_event
from mengke.bus.memory import MemoryBus
from mengke.channel import OutgoingMessage
from mengke.context import Context
from mengke.events import (
    Envelope,
    EventType,
    Payload,
    content_event_id,
    decode,
    new_event,
    validate_payload,
)
from mengke.resources import load_resources
from mengke.settings import Settings
from storage import models
from storage.db import session_factory
from storage.redis import create_redis
from tests.support.databases import migrated_sqlite
from tests.support.paths import devset


@cache
def _shared_parts() -> tuple[Any, Analyzer]:
    resources = load_resources()
    return resources, Analyzer(resources)


def fresh_matcher() -> Matcher:
    """A matcher with empty indexes; the tokenizer (the slow part) is built once per session."""
    resources, analyzer = _shared_parts()
    return Matcher(analyzer, TraitReader(resources), MatchConfig())


@cache
def _devset_records(kind: str) -> tuple[dict[str, Any], ...]:
    path: Path = devset() / f"{kind}.jsonl"
    return tuple(json.loads(line) for line in path.read_text("utf-8").splitlines() if line)


def records(kind: str) -> list[dict[str, Any]]:
    return [dict(r) for r in _devset_records(kind)]


def record(kind: str, record_id: str) -> dict[str, Any]:
    return next(r for r in records(kind) if r["id"] == record_id)


def event(event_type: EventType, data: dict[str, Any], *, event_id: str | None = None) -> Envelope:
    payload = validate_payload(event_type, data)
    event_id = event_id or content_event_id(event_type, payload)
    return new_event(event_type, payload, "test", event_id=event_id)


def publish(bus: Bus, event_type: EventType, data: dict[str, Any], **kwargs: Any) -> Envelope:
    envelope = event(event_type, data, **kwargs)
    publish_event(bus, envelope)
    bus.flush()
    return envelope


def add_user(session: Session, user_id: int, role: str = "enterprise", **fields: Any) -> None:
    session.add(models.User(id=user_id, role=role, full_name=f"用户{user_id}", **fields))


def add_broker(
    session: Session,
    user_id: int,
    industries: list[str] | None = None,
    regions: list[str] | None = None,
    status: str = "approved",
) -> None:
    add_user(session, user_id, "broker", broker_status=status)
    session.flush()
    session.add(
        models.BrokerScope(user_id=user_id, industries=industries or [], regions=regions or [])
    )


def synthetic(kind: str, count: int, prefix: str, **extra: Any) -> list[dict[str, Any]]:
    """`count` new records recombined from the devset: the text of one, the keywords of the
    next, a fresh id; realistic for the matcher, unique for the database."""
    base = records(kind)
    out = []
    for n in range(count):
        first, second = base[n % len(base)], base[(n * 7 + 3) % len(base)]
        merged = {**first, "id": f"{prefix}{n:05d}", **extra}
        merged["keywords"] = list(dict.fromkeys(first["keywords"] + second["keywords"][:2]))[:8]
        merged["title"] = f"{first['title']}（{n}）"[:200]
        out.append(merged)
    return out


def settle(service: Any) -> None:
    """Step a service's loops on the MemoryBus until none of them finds anything."""
    while sum(loop.step(timeout_s=0) for loop in service.loops):
        pass


def announced(bus: MemoryBus, event_type: str = "match.recommended") -> list[Payload]:
    found = [decode(r.value) for r in bus.records(bus.topics.matches)]
    return [e.parsed() for e in found if e.type == event_type]


@contextmanager
def embedded_context(folder: Path, settings: Settings) -> Iterator[Context]:
    """The embedded parts: a migrated SQLite file in `folder`, the in-process bus, fakeredis."""
    with migrated_sqlite(folder) as engine:
        server = fakeredis.FakeServer()
        yield Context(
            settings,
            MemoryBus(),
            engine,
            session_factory(engine),
            create_redis("", server),
            server,
        )


class RecordingChannel:
    """Delivers into a list; `failures` are raised by the next sends, one each."""

    def __init__(self) -> None:
        self.sent: list[OutgoingMessage] = []
        self.failures: list[Exception] = []

    async def send(self, message: OutgoingMessage) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
