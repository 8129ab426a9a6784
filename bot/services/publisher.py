"""The bot as a producer: user input becomes events on the bus."""

from __future__ import annotations

from bot.services.offload import off_loop
from mengke.bus import Bus, publish_event
from mengke.events import Envelope, EventType, Payload, new_event


class EventPublisher:
    def __init__(self, bus: Bus, source: str = "bot") -> None:
        self._bus = bus
        self._source = source

    @off_loop
    def publish(self, event_type: EventType, payload: Payload) -> Envelope:
        """Publish and flush: the user is told "submitted" only once the bus has the event."""
        envelope = new_event(event_type, payload, self._source)
        publish_event(self._bus, envelope)
        self._bus.flush()
        return envelope
