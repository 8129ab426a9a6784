"""matcher/eligibility stays pure: the standard library and the matcher's own modules only."""

from __future__ import annotations

import sys
from pathlib import Path

import matcher.eligibility
from tests.support.imports import imported_roots

PACKAGE = Path(matcher.eligibility.__file__).parent


def test_eligibility_imports_nothing_but_the_stdlib_and_the_matcher():
    allowed = set(sys.stdlib_module_names) | {"matcher", "__future__"}
    for path in sorted(PACKAGE.glob("*.py")):
        assert imported_roots(path) <= allowed, f"{path.name}: {imported_roots(path) - allowed}"
