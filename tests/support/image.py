"""What the Dockerfile puts in the container image, read from its COPY lines."""

from __future__ import annotations

from tests.support.paths import REPO_ROOT


def copies() -> list[tuple[list[str], str]]:
    """(sources, target) of each COPY line, as written: `COPY a b ./` → (["a", "b"], "./")."""
    found = []
    for line in (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("COPY "):
            *sources, target = line.split()[1:]
            found.append((sources, target))
    return found
