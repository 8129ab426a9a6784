"""The matcher built once per session from the shipped dictionaries, and the devset beside the
repository (../shared/devset); a missing devset fails, it never skips."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from matcher import dataset
from matcher.config import MatchConfig
from matcher.engine import Matcher, build_matcher
from matcher.lexicon import MatcherResources
from matcher.model import Achievement, Demand
from mengke.resources import load_resources
from tests.support.paths import devset as devset_path


@pytest.fixture(scope="session")
def resources() -> MatcherResources:
    return load_resources()


@pytest.fixture(scope="session")
def base(resources: MatcherResources) -> Matcher:
    """Built once: the tokenizer is the slow part, and new matchers share it."""
    return build_matcher(resources)


@pytest.fixture(scope="session")
def fresh(base: Matcher) -> Callable[..., Matcher]:
    """An empty matcher sharing the session's tokenizer; keyword arguments tweak the config."""

    def make(**changes: float) -> Matcher:
        return base.blank(MatchConfig(**changes))

    return make


@pytest.fixture(scope="session")
def devset_dir() -> Path:
    return devset_path()


@pytest.fixture(scope="session")
def devset(devset_dir: Path) -> tuple[list[Achievement], list[Demand], dict[str, dict[str, int]]]:

    def read(name: str, build):  # type: ignore[no-untyped-def]
        with (devset_dir / name).open(encoding="utf-8") as lines:
            return dataset.parse_lines(lines, name, build)

    gold = dict(read("gold.jsonl", dataset.gold))
    supply = read("achievements.jsonl", dataset.achievement)
    return supply, read("demands.jsonl", dataset.demand), gold


@pytest.fixture(scope="session")
def loaded(fresh: Callable[..., Matcher], devset) -> Matcher:  # type: ignore[no-untyped-def]
    matcher = fresh()
    matcher.add_achievements(devset[0])
    matcher.add_demands(devset[1])
    return matcher
