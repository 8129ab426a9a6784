"""The README's command table against the CLI: every command it lists exists with the options
it names, and every command the CLI has is listed."""

from __future__ import annotations

import re
from itertools import product
from typing import Any

import typer

from mengke.cli import app
from tests.support.paths import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
ROWS = re.findall(r"^\| `mengke ([^`]+)` \|", README, flags=re.MULTILINE)


def _leaves(command: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    if not hasattr(command, "commands"):
        return {path: command}
    found: dict[tuple[str, ...], Any] = {}
    for name, sub in command.commands.items():
        found |= _leaves(sub, (*path, name))
    return found


COMMANDS = _leaves(typer.main.get_command(app))


def _documented(row: str) -> list[tuple[tuple[str, ...], set[str]]]:
    """`dlq list\\|replay [--topic T]` → (dlq, list) and (dlq, replay), each with {--topic}."""
    words = []
    for word in row.split():
        if not re.fullmatch(r"[a-z][a-z-]*(\\\|[a-z][a-z-]*)*", word):
            break
        words.append(word.split("\\|"))
    options = set(re.findall(r"--[a-z][a-z-]*", row))
    paths = {path for path in product(*words) if path in COMMANDS}
    if not paths:  # the words may end in an argument, such as the kind of `import`
        paths = {path[:-1] for path in product(*words)}
    return [(path, options) for path in sorted(paths)]


def test_the_readme_lists_commands() -> None:
    assert len(ROWS) >= 10


def test_every_command_the_readme_lists_exists_with_the_options_it_names() -> None:
    for row in ROWS:
        for path, options in _documented(row):
            assert path in COMMANDS, f"README: `mengke {row}`: no such command"
            known = {opt for param in COMMANDS[path].params for opt in param.opts}
            assert options <= known, f"README: `mengke {row}`: unknown {options - known}"


def test_every_command_of_the_cli_is_in_the_readme() -> None:
    listed = {path for row in ROWS for path, _ in _documented(row)}
    mentioned = {path for path in COMMANDS if f"mengke {' '.join(path)}" in README}
    assert set(COMMANDS) - listed - mentioned == set()
