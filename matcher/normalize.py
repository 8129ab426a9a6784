"""Character-level normalization (width, case, traditional → simplified) that remembers where
each output character came from, so an explanation can quote the user's own words."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

# NFKC would spell these as two characters ("°C"); one symbol keeps tokens and offsets simple.
_KEEP = frozenset("℃")


@dataclass(frozen=True)
class Normalized:
    text: str
    # origin[i] is the index in the source of text[i]; None when the mapping is one-to-one.
    origin: tuple[int, ...] | None = None

    def source_slice(self, source: str, start: int, end: int) -> str:
        """The source characters that produced text[start:end]."""
        if self.origin is None:
            return source[start:end]
        return source[self.origin[start] : self.origin[end - 1] + 1]


class _CharTable(dict[int, str]):
    """A str.translate table that works each character out the first time it is seen."""

    def __init__(self, traditional: Mapping[str, str]) -> None:
        super().__init__()
        self._traditional = traditional
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = char if char in _KEEP else unicodedata.normalize("NFKC", char).lower()
        folded = "".join(self._traditional.get(c, c) for c in folded)
        if len(folded) != 1:
            self.irregular.add(char)
        self[code] = folded
        return folded


class Normalizer:
    """Full-width → half-width, upper → lower case, traditional → simplified characters."""

    def __init__(self, traditional: Mapping[str, str]) -> None:
        self._table = _CharTable(traditional)

    def __call__(self, source: str) -> Normalized:
        text = source.translate(self._table)
        if not self._table.irregular.intersection(source):
            return Normalized(text)
        return self._with_origin(source)

    def _with_origin(self, source: str) -> Normalized:
        pieces: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(source):
            folded = self._table[ord(char)]
            pieces.append(folded)
            origin.extend([index] * len(folded))
        return Normalized("".join(pieces), tuple(origin))

    def text(self, source: str) -> str:
        return source.translate(self._table)
