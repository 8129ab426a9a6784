"""The message bus: one interface, a Kafka implementation and an in-process one."""

from mengke.bus.base import Bus, Consumer, Record, publish_event

__all__ = ["Bus", "Consumer", "Record", "publish_event"]
