"""matcher/eligibility stays pure: the standard library and the matcher's own modules only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import matcher.eligibility

PACKAGE = Path(matcher.eligibility.__file__).parent


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_eligibility_imports_nothing_but_the_stdlib_and_the_matcher():
    allowed = set(sys.stdlib_module_names) | {"matcher", "__future__"}
    for path in sorted(PACKAGE.glob("*.py")):
        assert _imported(path) <= allowed, f"{path.name}: {_imported(path) - allowed}"
