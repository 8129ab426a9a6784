"""Where the datasets are: the shipped sample, and the shared devset beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = REPO_ROOT / "sample"


def devset() -> Path:
    """../shared/devset, as CI lays it out; its absence fails the test, it never skips."""
    path = (REPO_ROOT / ".." / "shared" / "devset").resolve()
    if not (path / "achievements.jsonl").is_file():
        pytest.fail(f"the devset is missing at {path}", pytrace=False)
    return path
