"""A policy's rules: its region and industry fields plus its parsed eligibility text, or the
rules an operator wrote into the policy (which replace the parse)."""

from __future__ import annotations

from functools import lru_cache

from matcher.eligibility import regions
from matcher.eligibility.atoms import Atom, Places, SizeBounds
from matcher.eligibility.measures import size_rule
from matcher.eligibility.model import PolicyDoc
from matcher.eligibility.parser import parse_eligibility
from matcher.eligibility.region_table import NATIONWIDE
from matcher.eligibility.rules import (
    SIZES,
    Industry,
    Region,
    Rule,
    RuleError,
    Unparsed,
    rules_from_dicts,
)

# The platform's own province: what "区内" means in a policy that names no region.
HOME_PROVINCE = "内蒙古"
ANY_INDUSTRY = ("不限", "全部", "所有行业", "各行业")


def policy_rules(policy: PolicyDoc) -> tuple[Rule, ...]:
    """The rules to evaluate; broken operator rules fall back to the parse, visibly."""
    if policy.rules is None:
        return parsed_rules(policy)
    try:
        return rules_from_dicts(list(policy.rules))
    except RuleError as exc:
        note = Unparsed(f"运营人员配置的规则无法读取（{exc}），已按原文解析")
        return (*parsed_rules(policy), note)


def parsed_rules(policy: PolicyDoc) -> tuple[Rule, ...]:
    return _parsed(policy.regions, policy.industries, policy.eligibility)


@lru_cache(maxsize=4096)
def _parsed(
    region_names: tuple[str, ...], industries: tuple[str, ...], eligibility: str
) -> tuple[Rule, ...]:
    places = field_places(region_names)
    province = _province(places)
    atoms = parse_eligibility(eligibility, province, places or province)
    rules: list[Rule] = []
    if places:
        rules.append(Region(places))
    if industries and not set(industries) & set(ANY_INDUSTRY):
        rules.append(Industry(industries))
    rules.extend(_merge_atoms(atoms, places))
    return tuple(dict.fromkeys(rules))


def field_places(region_names: tuple[str, ...]) -> tuple[str, ...]:
    """Canonical places of a `regions` field; () for 全国. Unknown names are kept as given."""
    places = [regions.normalize_region(name) or name.strip() for name in region_names]
    if not places or NATIONWIDE in places:
        return ()
    return tuple(dict.fromkeys(p for p in places if p))


def _province(places: tuple[str, ...]) -> tuple[str, ...]:
    provinces = {regions.province_of(p) for p in places} - {None, NATIONWIDE}
    return tuple(sorted(p for p in provinces if p)) or (HOME_PROVINCE,)


def _merge_atoms(atoms: list[Atom], field: tuple[str, ...]) -> list[Rule]:
    """All size phrases make one size rule; a region the fields already imply is not repeated."""
    rules: list[Rule | SizeBounds] = []
    allowed = set(SIZES)
    for atom in atoms:
        if isinstance(atom, SizeBounds):
            if allowed == set(SIZES):
                rules.append(atom)  # placeholder: where the size condition first appeared
            allowed &= atom.allowed
        elif isinstance(atom, Places):
            if not _implied(atom.places, field):
                rules.append(Region(atom.places))
        else:
            rules.append(atom)  # type: ignore[arg-type]
    size = size_rule(SizeBounds(frozenset(allowed)))
    return [size if isinstance(rule, SizeBounds) else rule for rule in rules]


def _implied(named: tuple[str, ...], field: tuple[str, ...]) -> bool:
    """Whether every place of the field lies inside the area the text names."""
    return bool(field) and all(any(o == i or regions.covers(o, i) for o in named) for i in field)
