"""Where the datasets are: the shipped sample, and the shared devset beside the repository."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path

import pytest

from mengke.resources import SAMPLE_DIR

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE = SAMPLE_DIR


@cache
def devset() -> Path:
    """`MENGKE_DEVSET` when set; else ../shared/devset beside this checkout, as CI lays it out,
    or beside the repository this checkout was cloned from (a clone made elsewhere, such as
    `git clone . /tmp/ci-check`). Its absence fails the test, it never skips."""
    candidates = _devset_candidates()
    for path in candidates:
        if (path / "gold.jsonl").is_file():
            return path.resolve()
    tried = ", ".join(str(path.resolve()) for path in candidates)
    pytest.fail(f"the devset is missing: looked in {tried}", pytrace=False)


def _devset_candidates() -> list[Path]:
    candidates = [_beside(REPO_ROOT)]
    if os.environ.get("MENGKE_DEVSET"):
        candidates.insert(0, Path(os.environ["MENGKE_DEVSET"]))
    origin = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "config", "--get", "remote.origin.url"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if origin and Path(origin).is_dir():  # a local clone; a URL is no folder
        candidates.append(_beside(Path(origin)))
    return candidates


def _beside(checkout: Path) -> Path:
    return checkout / ".." / "shared" / "devset"
