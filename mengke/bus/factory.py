"""Builds the bus the settings ask for."""

from __future__ import annotations

from mengke.bus.base import Bus
from mengke.bus.memory import MemoryBus
from mengke.events import Topics
from mengke.settings import Settings


def create_bus(settings: Settings) -> Bus:
    topics = Topics.with_suffix(settings.kafka.topic_suffix)
    if settings.bus == "memory":
        return MemoryBus(topics)
    from mengke.bus.kafka import KafkaBus  # the embedded default runs without kafka-python

    bus = KafkaBus(settings.kafka, topics)
    bus.ensure_topics()
    return bus
