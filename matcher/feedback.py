"""Learning from brokers' and enterprises' verdicts on matches, as a pure function."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    suppress: frozenset[tuple[str, str]] = frozenset()
