"""What the recognisers find: rules, and the few facts that become rules only once a whole
text has been read (places to compare with the policy's region, size bounds to merge, a
licence named by reference)."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.eligibility.rules import Rule

BLANK = " "
# "……除外", "……不予支持": what follows a kind of enterprise the policy leaves out.
EXCEPTED = r"(?:除外|不予支持|不在支持范围(?:内|之内)?|不得申报|不能申报|不予受理)"


@dataclass(frozen=True)
class Places:
    """Regions an eligibility clause names (canonical), or the policy's home region."""

    places: tuple[str, ...]


@dataclass(frozen=True)
class RelativeLicence:
    """ "持有相应许可证": the licence for whatever the clause's business is."""


@dataclass(frozen=True)
class SizeBounds:
    allowed: frozenset[str]


Atom = Rule | Places | RelativeLicence | SizeBounds


def blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) replaced by spaces, so the fragments around stay apart."""
    return text[:start] + BLANK * (end - start) + text[end:]
