"""Prometheus metrics of the long-running components, served with a health check per process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import Counter, Gauge, make_wsgi_app

MESSAGES = Counter(
    "mengke_messages_handled_total",
    "Messages handled, by outcome",
    ["consumer", "topic", "outcome"],
)
DEAD_LETTERS = Counter(
    "mengke_dead_letters_total", "Messages sent to the DLQ", ["consumer", "topic"]
)
MATCHES = Counter(
    "mengke_matches_emitted_total", "match.recommended events published", ["direction"]
)
NOTIFICATIONS = Counter(
    "mengke_notifications_total", "Notifications delivered or given up", ["channel", "outcome"]
)
LAG = Gauge("mengke_consumer_lag", "Records on the topics not yet committed", ["consumer"])
MATCHING_SECONDS = Counter(
    "mengke_matching_seconds",
    "Time the matching handlers spent, by step (match, database, index, announce)",
    ["step"],
)


class Steps:
    """Adds each step's seconds to a counter labelled by step. A step's time leaves out the
    steps nested in it, so no second is counted twice."""

    def __init__(self, counter: Counter, clock: Callable[[], float] = time.perf_counter) -> None:
        self._counter = counter
        self._clock = clock
        self._nested = [0.0]

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self._nested.append(0.0)
        started = self._clock()
        try:
            yield
        finally:
            spent = self._clock() - started
            inner = self._nested.pop()
            self._nested[-1] += spent
            self._counter.labels(name).inc(spent - inner)


class Health:
    """Each loop beats after every step; a loop silent for longer than `stale_after` is stuck."""

    def __init__(self, stale_after: float = 120.0, clock: Callable[[], float] = time.monotonic):
        self._stale_after = stale_after
        self._clock = clock
        self._beats: dict[str, float] = {}
        self._lock = threading.Lock()

    def beat(self, name: str) -> None:
        with self._lock:
            self._beats[name] = self._clock()

    def stale(self) -> list[str]:
        now = self._clock()
        with self._lock:
            return sorted(n for n, at in self._beats.items() if now - at > self._stale_after)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Scrapes every few seconds would drown the event log."""


def _app(health: Health) -> Callable:
    metrics = make_wsgi_app()

    def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/healthz":
            return metrics(environ, start_response)
        stale = health.stale()
        status = "503 Service Unavailable" if stale else "200 OK"
        start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
        return [(f"stale: {', '.join(stale)}" if stale else "ok").encode()]

    return app


def serve(port: int, health: Health, host: str = "0.0.0.0") -> WSGIServer | None:
    """/metrics and /healthz on `port` in a daemon thread; port 0 turns them off."""
    if port == 0:
        return None
    server = make_server(host, port, _app(health), handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server
