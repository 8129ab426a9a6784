"""The consumer loop: dead letters for what can never work, retries for what may work later."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import pytest
from sqlalchemy.exc import OperationalError

from consumers.deadletters import DeadLetter
from consumers.errors import GaveUp, PermanentError
from consumers.loop import ConsumerLoop, Message
from mengke.bus.memory import MemoryBus, MemoryConsumer
from mengke.settings import ConsumerSettings
from tests.support.clock import Clock
from tests.support.pipeline import publish, record

GROUP = "loop-test"


class ScriptedHandler:
    types = frozenset({"demand.submitted"})

    def __init__(self, trouble: Callable[[Message], Exception | None] = lambda m: None) -> None:
        self.trouble = trouble
        self.handled: list[str] = []
        self.calls = 0

    def handle(self, messages: Sequence[Message]) -> list[str]:
        self.calls += 1
        for message in messages:
            if (error := self.trouble(message)) is not None:
                raise error
        self.handled += [m.payload.key for m in messages]
        return ["processed"] * len(messages)


def _loop(bus: MemoryBus, handler: ScriptedHandler, give_up: float = 5.0) -> ConsumerLoop:
    consumer = bus.consumer([bus.topics.demands], GROUP)
    settings = ConsumerSettings(batch_size=50, give_up_after_seconds=give_up)
    return ConsumerLoop("test", bus, consumer, {bus.topics.demands: handler}, settings)


def _letters(bus: MemoryBus) -> list[DeadLetter]:
    return [DeadLetter.model_validate_json(r.value) for r in bus.records(bus.topics.dlq)]


def _demand(bus: MemoryBus, demand_id: str) -> None:
    publish(bus, "demand.submitted", {**record("demands", "DD001"), "id": demand_id})


def test_undecodable_misplaced_and_invalid_messages_become_dead_letters():
    bus = MemoryBus()
    handler = ScriptedHandler()
    _demand(bus, "D1")
    bus.publish(bus.topics.demands, "x", b"\xff\xfe not json")
    publish(bus, "achievement.withdrawn", {"id": "DA001"})  # published on its own topic …
    wrong = bus.records(bus.topics.achievements)[0].value
    bus.publish(bus.topics.demands, "DA001", wrong)  # … and once more where it does not belong
    bus.publish(bus.topics.demands, "D3", wrong.replace(b'"DA001"', b'""'))
    _demand(bus, "D2")

    loop = _loop(bus, handler)
    assert loop.step(timeout_s=0) == 5

    assert handler.handled == ["D1", "D2"]
    letters = _letters(bus)
    assert [(d.offset, d.error_class) for d in letters] == [
        (1, "ContractError"),
        (2, "PermanentError"),
        (3, "ContractError"),
    ]
    assert letters[0].original() == b"\xff\xfe not json"
    assert "not UTF-8 JSON" in letters[0].error_message
    assert "achievement.withdrawn" in letters[1].error_message
    assert bus.consumer([bus.topics.demands], GROUP).lag() == 0


def test_a_handler_failing_for_good_on_one_message_takes_only_that_one_to_the_dlq():
    bus = MemoryBus()
    handler = ScriptedHandler(lambda m: PermanentError("bad") if m.payload.key == "D2" else None)
    for demand_id in ("D1", "D2", "D3"):
        _demand(bus, demand_id)

    _loop(bus, handler).step(timeout_s=0)

    assert handler.handled == ["D1", "D3"]
    assert [(d.key, d.error_message) for d in _letters(bus)] == [("D2", "bad")]


def test_a_transient_failure_is_retried_and_nothing_is_dead_lettered():
    bus = MemoryBus()
    failures = [OperationalError("select", {}, Exception("database is locked"))] * 2
    handler = ScriptedHandler(lambda m: failures.pop() if failures else None)
    _demand(bus, "D1")

    _loop(bus, handler).step(timeout_s=0)

    assert handler.handled == ["D1"] and handler.calls == 3
    assert _letters(bus) == []


def test_a_transient_failure_that_outlasts_the_budget_gives_up_without_committing():
    bus = MemoryBus()
    handler = ScriptedHandler(lambda m: OperationalError("select", {}, Exception("down")))
    _demand(bus, "D1")

    with pytest.raises(GaveUp):
        _loop(bus, handler, give_up=0.3).step(timeout_s=0)

    assert handler.calls >= 2
    assert _letters(bus) == []
    assert bus.consumer([bus.topics.demands], GROUP).lag() == 1


def test_a_stop_request_finishes_the_batch_in_hand_commits_and_returns():
    bus = MemoryBus()
    stop = threading.Event()
    handler = ScriptedHandler(lambda m: stop.set())  # the signal arrives mid-batch
    loop = _loop(bus, handler)
    loop.stop = stop
    _demand(bus, "D1")
    _demand(bus, "D2")

    thread = threading.Thread(target=loop.run)
    thread.start()
    thread.join(5)

    assert not thread.is_alive()
    assert handler.handled == ["D1", "D2"]
    assert bus.consumer([bus.topics.demands], GROUP).lag() == 0


class SilentBroker:
    """A consumer whose broker, while `down`, leaves the lag query unanswered."""

    def __init__(self, consumer: MemoryConsumer) -> None:
        self._consumer = consumer
        self.down = False

    def __getattr__(self, name: str) -> object:
        return getattr(self._consumer, name)

    def lag(self) -> int | None:
        return None if self.down else self._consumer.lag()


def test_a_broker_silent_past_the_budget_gives_up_and_one_that_answers_again_resets_it():
    bus, clock = MemoryBus(), Clock()
    consumer = SilentBroker(bus.consumer([bus.topics.demands], GROUP))
    settings = ConsumerSettings(give_up_after_seconds=20)
    handlers = {bus.topics.demands: ScriptedHandler()}
    loop = ConsumerLoop("test", bus, consumer, handlers, settings, clock=clock)

    for now, down in ((0, True), (15, True), (20, False), (25, True), (30, True), (40, True)):
        clock.now, consumer.down = now, down
        loop.step(timeout_s=0)
    clock.now = 45
    with pytest.raises(GaveUp, match="not answered for 20 s"):
        loop.step(timeout_s=0)
