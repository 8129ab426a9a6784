"""Launching components: exit codes, the health check, the embedded drain and console."""

from __future__ import annotations

import io
import socket
import threading
import urllib.error
import urllib.request

import pytest
from sqlalchemy import func, select

from consumers.console_channel import ConsoleChannel
from mengke.components.matcher import build_matcher
from mengke.components.notifier import build_notifier
from mengke.metrics import Health, serve
from mengke.runtime import drain, run_components
from storage import models
from tests.support.pipeline import add_user, fresh_matcher, publish, record, records


class Component:
    def __init__(self, name: str, stop: threading.Event, error: Exception | None = None):
        self.name, self.stop, self.error = name, stop, error

    def run(self) -> None:
        if self.error is not None:
            raise self.error
        self.stop.wait(10)


def test_a_component_that_dies_stops_the_others_and_the_exit_code_says_so():
    stop = threading.Event()
    runnables = [Component("fine", stop), Component("broken", stop, RuntimeError("db gone"))]
    assert run_components(runnables, stop) == 1
    assert stop.is_set()


def test_components_stopped_on_request_exit_zero():
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    assert run_components([Component("a", stop), Component("b", stop)], stop) == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_metrics_and_health_are_served_and_a_stuck_loop_turns_health_red():
    now = [0.0]
    health = Health(stale_after=60, clock=lambda: now[0])
    health.beat("matcher")
    port = _free_port()
    server = serve(port, health, host="127.0.0.1")
    assert server is not None
    try:
        base = f"http://127.0.0.1:{port}"
        assert urllib.request.urlopen(f"{base}/healthz").read() == b"ok"
        assert b"mengke_consumer_lag" in urllib.request.urlopen(f"{base}/metrics").read()
        now[0] = 61.0
        with pytest.raises(urllib.error.HTTPError) as stale:
            urllib.request.urlopen(f"{base}/healthz")
        assert stale.value.code == 503 and b"matcher" in stale.value.read()
    finally:
        server.shutdown()
    assert serve(0, health) is None


def test_drain_takes_the_embedded_pipeline_to_rest_and_prints_notifications(context):
    with context.sessions.begin() as session:
        add_user(session, 601)
    for data in records("achievements"):
        publish(context.bus, "achievement.published", data)
    publish(
        context.bus, "demand.submitted", {**record("demands", "DD001"), "contact_user_id": 601}
    )
    printed = io.StringIO()
    matcher = build_matcher(context, matcher=fresh_matcher())
    notifier = build_notifier(context, channel=ConsoleChannel(printed), channel_name="console")

    handled = drain(context, matcher, notifier)

    assert handled > len(records("achievements"))
    with context.sessions() as session:
        sent = session.scalar(
            select(func.count())
            .select_from(models.Notification)
            .where(models.Notification.status == "sent")
        )
    assert sent >= 1
    text = printed.getvalue()
    assert "用户 601" in text and record("achievements", "DA001")["title"] in text
    assert "<b>" not in text
