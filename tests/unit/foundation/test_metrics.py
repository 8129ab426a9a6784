"""Steps: each step's seconds go to its label, without the steps nested in it."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry, Counter

from mengke.metrics import Steps
from tests.support.clock import Clock


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def steps(registry: CollectorRegistry, clock: Clock) -> Steps:
    return Steps(Counter("t_seconds", "test", ["step"], registry=registry), clock)


def _seconds(registry: CollectorRegistry, step: str) -> float | None:
    return registry.get_sample_value("t_seconds_total", {"step": step})


def test_a_nested_step_is_not_counted_in_the_outer_one(steps, clock, registry):
    with steps.step("outer"):
        clock.now += 2
        with steps.step("inner"):
            clock.now += 5
            with steps.step("innermost"):
                clock.now += 1
        clock.now += 3
    assert _seconds(registry, "outer") == 5
    assert _seconds(registry, "inner") == 5
    assert _seconds(registry, "innermost") == 1


def test_steps_of_one_name_add_up_and_a_failing_step_still_counts(steps, clock, registry):
    with steps.step("work"):
        clock.now += 1
    with pytest.raises(RuntimeError), steps.step("work"):
        clock.now += 2
        raise RuntimeError("boom")
    with steps.step("other"):
        clock.now += 4
    assert _seconds(registry, "work") == 3
    assert _seconds(registry, "other") == 4
