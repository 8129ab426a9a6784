"""Parsers for the plain-text dictionaries in matcher/data, and the data they become."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


class LexiconError(ValueError):
    """A dictionary line that cannot be understood; names the source and the line."""

    def __init__(self, source: str, line_no: int, message: str) -> None:
        super().__init__(f"{source}:{line_no}: {message}")


@dataclass(frozen=True)
class MatcherResources:
    """Everything the matcher learns from its data files, as plain values (no I/O here)."""

    userdict: tuple[tuple[str, int | None], ...] = ()
    # Variant → the canonical term(s) it stands for; a symptom may stand for two concepts.
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    # Qualities every technology claims (寿命, 节能, 自动化): evidence, but weak evidence.
    generic: frozenset[str] = frozenset()
    traditional: Mapping[str, str] = field(default_factory=dict)
    industry_aliases: Mapping[str, str] = field(default_factory=dict)
    industry_affinity: Mapping[frozenset[str], float] = field(default_factory=dict)
    region_aliases: Mapping[str, str] = field(default_factory=dict)
    # "maturity"/"transfer" → preferred value → words in a demand that express the wish.
    cues: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)


def _content(lines: Iterable[str]) -> Iterable[tuple[int, str]]:
    for line_no, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip().lstrip("\ufeff")
        if line:
            yield line_no, line


def _split_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace("，", ",").split(",") if part.strip())


def _split_rule(source: str, line_no: int, line: str) -> tuple[str, tuple[str, ...]]:
    head, sep, tail = line.partition("=")
    if not sep or not head.strip() or not _split_list(tail):
        raise LexiconError(source, line_no, f"expected 'canonical = variant, variant': {line!r}")
    return head.strip(), _split_list(tail)


def parse_userdict(lines: Iterable[str], source: str = "userdict") -> list[tuple[str, int | None]]:
    """jieba's user-dictionary format: `word [freq] [tag]`."""
    entries: list[tuple[str, int | None]] = []
    for line_no, line in _content(lines):
        parts = line.split()
        freq: int | None = None
        if len(parts) > 1 and parts[1].isdigit():
            freq = int(parts[1])
        elif len(parts) > 2:
            raise LexiconError(source, line_no, f"frequency must be a whole number: {line!r}")
        entries.append((parts[0], freq))
    return entries


def parse_synonyms(lines: Iterable[str], source: str = "synonyms") -> dict[str, tuple[str, ...]]:
    """`canonical [canonical…] = variant, variant`: each variant is read as the canonical terms.

    A later line wins over an earlier one, so an operator's file can correct the shipped table.
    """
    table: dict[str, tuple[str, ...]] = {}
    for line_no, line in _content(lines):
        head, variants = _split_rule(source, line_no, line)
        canonical = tuple(head.split())
        for variant in variants:
            table[variant] = canonical
    return table


def parse_words(lines: Iterable[str]) -> frozenset[str]:
    return frozenset(word for _, line in _content(lines) for word in line.split())


def parse_aliases(lines: Iterable[str], source: str = "aliases") -> dict[str, str]:
    """`canonical = alias, alias`; the canonical name is an alias of itself."""
    table: dict[str, str] = {}
    for line_no, line in _content(lines):
        head, aliases = _split_rule(source, line_no, line)
        table[head] = head
        table.update(dict.fromkeys(aliases, head))
    return table


def parse_affinity(lines: Iterable[str], source: str = "affinity") -> dict[frozenset[str], float]:
    """`industry industry 0.6`: how likely a technology of one industry helps the other."""
    table: dict[frozenset[str], float] = {}
    for line_no, line in _content(lines):
        parts = line.split()
        try:
            first, second, value = parts[0], parts[1], float(parts[2])
        except (IndexError, ValueError) as error:
            message = f"expected 'industry industry 0.x': {line!r}"
            raise LexiconError(source, line_no, message) from error
        if not 0.0 <= value <= 1.0 or len(parts) != 3:
            raise LexiconError(source, line_no, f"affinity must be one number in 0–1: {line!r}")
        table[frozenset((first, second))] = value
    return table


def parse_traditional(lines: Iterable[str], source: str = "traditional") -> dict[str, str]:
    """Pairs of characters, traditional then simplified: `電电 機机`."""
    table: dict[str, str] = {}
    for line_no, line in _content(lines):
        for pair in line.split():
            if len(pair) != 2:
                raise LexiconError(source, line_no, f"expected two characters: {pair!r}")
            table[pair[0]] = pair[1]
    return table


Cues = dict[str, dict[str, tuple[str, ...]]]


def parse_cues(lines: Iterable[str], source: str = "cues") -> Cues:
    """`kind value = cue, cue`, e.g. `maturity 产业化 = 成熟工艺, 能落地`."""
    cues: Cues = {}
    for line_no, line in _content(lines):
        head, words = _split_rule(source, line_no, line)
        kind, _, value = head.partition(" ")
        if not value.strip():
            raise LexiconError(source, line_no, f"expected 'kind value = cue, cue': {line!r}")
        cues.setdefault(kind, {})[value.strip()] = words
    return cues
