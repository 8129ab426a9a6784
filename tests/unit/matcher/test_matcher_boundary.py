"""matcher/ is pure: it imports the standard library, jieba, rapidfuzz, numpy (and the pure
rank-bm25 for its baseline), never the services, storage, or the shell package."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from tests.support.imports import imported_roots

MATCHER = Path(__file__).resolve().parents[3] / "matcher"
ALLOWED = {"matcher", "jieba", "rapidfuzz", "numpy", "rank_bm25"}


def test_matcher_imports_nothing_but_the_standard_library_and_its_three_libraries() -> None:
    sources = sorted(MATCHER.rglob("*.py"))
    assert len(sources) > 10
    for path in sources:
        foreign = imported_roots(path) - ALLOWED - set(sys.stdlib_module_names) - {"__future__"}
        assert not foreign, f"{path.relative_to(MATCHER.parent)} imports {sorted(foreign)}"


def test_importing_the_matcher_does_no_work() -> None:
    init = (MATCHER / "__init__.py").read_text(encoding="utf-8")
    assert imported_roots(MATCHER / "__init__.py") == set()
    assert ast.get_docstring(ast.parse(init))
