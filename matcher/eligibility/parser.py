"""Eligibility text → atoms: clauses (；，。), alternatives ("，或……"), pieces joined by 且/并.

Every piece goes through the recognisers of `extract`; what is left is classified, so no
clause disappears: at worst it comes back as an `Unparsed` rule with its own words.
"""

from __future__ import annotations

import re

from matcher.eligibility import extract, measures
from matcher.eligibility.atoms import BLANK, Atom, Places, RelativeLicence, SizeBounds
from matcher.eligibility.classify import classify
from matcher.eligibility.rules import AnyOf, Business, Manual, Qualification, Region, Rule

_CLAUSE = re.compile(r"[；;。\n]+|[，,]")
_ALTERNATIVE = re.compile(r"^(?:或者|或是|或)")
_LEADING_AND = re.compile(r"^(?:并且|而且|且|同时|以及|并)")
_CONNECTOR = re.compile(
    r"(并且|而且|且|同时|并(?=从事|持有|实施|开展|具有|具备|取得|获得|拥有|在|已|承诺|符合|满足|无|"
    r"未|设有|建有|配备|运营|经营|落户|注册))"
)
_OBJECT_EDGES = re.compile(r"^(?:从事|开展|经营|生产|实施)|(?:生产经营|生产|经营|的企业|企业|的)$")


def split_clauses(text: str) -> list[list[str]]:
    """Clauses, each a list of alternatives (most have exactly one)."""
    groups: list[list[str]] = []
    for raw in _CLAUSE.split(text or ""):
        clause = raw.strip()
        if not clause:
            continue
        alternative = _ALTERNATIVE.match(clause)
        if alternative and groups:
            groups[-1].append(clause[alternative.end() :])
        else:
            groups.append([_LEADING_AND.sub("", clause)])
    return groups


def parse_eligibility(text: str, province: tuple[str, ...], local: tuple[str, ...]) -> list[Atom]:
    """Atoms of the whole text; `province`/`local` are what 区内 and 本市 refer to."""
    atoms: list[Atom] = []
    for alternatives in split_clauses(text):
        options = [_parse_alternative(alt, province, local) for alt in alternatives]
        options = [_resolve_licences(option, options) for option in options]
        atoms.extend(options[0] if len(options) == 1 else [_any_of(options, province)])
    return atoms


def _parse_alternative(text: str, province: tuple[str, ...], local: tuple[str, ...]) -> list[Atom]:
    parts = _CONNECTOR.split(text)
    atoms: list[Atom] = []
    previous: list[Atom] = []
    for index in range(0, len(parts), 2):
        connector = parts[index - 1] if index else ""
        found = _parse_piece(parts[index], province, local)
        joined = _joined(previous, connector, found)
        # "技术合同已登记且实际支付额不低于50万元" is one requirement, not two; but only when
        # the two stood side by side, or the quote would be of words the text never had.
        if joined is not None and joined.text in text:
            atoms[-1] = joined
            found = [joined]
        else:
            atoms.extend(found)
        previous = found
    return atoms


def _joined(previous: list[Atom], connector: str, found: list[Atom]) -> Manual | None:
    if len(previous) == len(found) == 1:
        before, after = previous[0], found[0]
        if isinstance(before, Manual) and isinstance(after, Manual):
            return Manual(f"{before.text}{connector}{after.text}")
    return None


def _parse_piece(piece: str, province: tuple[str, ...], local: tuple[str, ...]) -> list[Atom]:
    atoms: list[Atom] = []
    found, rest = extract.take_places(piece, province, local)
    atoms += found
    for take in (
        extract.take_qualifications,
        extract.take_licences,
        measures.take_rd_ratio,
        measures.take_sizes,
        measures.take_possessions,
    ):
        found, rest = take(rest)
        atoms += found
    for fragment in rest.split(BLANK):
        atoms += classify(fragment)
    return atoms


def _resolve_licences(option: list[Atom], options: list[list[Atom]]) -> list[Atom]:
    """ "从事种子、种畜禽生产经营并持有相应许可证" → a licence for 种子 or for 种畜禽."""
    if not any(isinstance(atom, RelativeLicence) for atom in option):
        return option
    phrases = [p for opt in options for a in opt if isinstance(a, Business) for p in a.phrases]
    subjects = [
        part
        for phrase in phrases
        for part in re.split(r"[、和及与]|或者|或", _OBJECT_EDGES.sub("", phrase))
        if part
    ]
    licence = Qualification(tuple(f"{s}许可证" for s in subjects) or ("许可证",))
    return [licence if isinstance(atom, RelativeLicence) else atom for atom in option]


def _any_of(options: list[list[Atom]], province: tuple[str, ...]) -> Rule:
    """Alternatives; a mention of the policy's own province adds nothing to an option."""
    cleaned = [
        tuple(_as_rule(a) for a in option if not (isinstance(a, Places) and _only(a, province)))
        for option in options
    ]
    if all(len(o) == 1 and isinstance(o[0], Business) for o in cleaned):
        return Business(tuple(p for o in cleaned for p in o[0].phrases))  # type: ignore[union-attr]
    return AnyOf(tuple(cleaned))


def _only(places: Places, province: tuple[str, ...]) -> bool:
    return set(places.places) <= set(province)


def _as_rule(atom: Atom) -> Rule:
    if isinstance(atom, Places):
        return Region(atom.places)
    if isinstance(atom, SizeBounds):
        return measures.size_rule(atom)
    return atom  # type: ignore[return-value]
