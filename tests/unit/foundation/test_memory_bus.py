import pytest

from mengke.bus import publish_event
from mengke.bus.memory import MemoryBus
from mengke.events import Achievement, Match, decode, new_event
from tests.support.bus_contract import CONTRACT


@pytest.mark.parametrize("behaviour", CONTRACT, ids=lambda f: f.__name__)
def test_memory_bus_keeps_the_bus_contract(behaviour, unique):
    behaviour(MemoryBus(partitions=3), f"t.{unique}", f"g.{unique}")


def test_publish_event_routes_by_type_and_keys_by_entity():
    bus = MemoryBus()
    publish_event(bus, new_event("achievement.published", Achievement(id="A1", title="t"), "t"))
    match = Match(demand_id="D1", achievement_id="A1", score=80, direction="demand→supply")
    publish_event(bus, new_event("match.recommended", match, "t"))
    [achievement] = bus.records(bus.topics.achievements)
    [recommended] = bus.records(bus.topics.matches)
    assert achievement.key == b"A1"
    assert recommended.key == b"D1"
    assert decode(recommended.value).parsed() == match


def test_groups_are_independent():
    bus = MemoryBus()
    bus.publish("t", "k", b"v")
    one, two = bus.consumer(["t"], "one"), bus.consumer(["t"], "two")
    one.commit(one.poll(timeout_s=0))
    assert one.lag() == 0
    assert [r.value for r in two.poll(timeout_s=0)] == [b"v"]
