"""Region names → one canonical place in a tree (全国 → province → league/city → banner/county).

"阿拉善盟", "阿拉善" and "阿盟" are one place; "内蒙古" covers every league and city in it;
"内蒙古自治区鄂尔多斯市准格尔旗" resolves to the banner, which 鄂尔多斯 covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from matcher.eligibility import region_table as table

# Variants that also occur as ordinary words in running text ("朝阳产业", "内蒙药").
_NOT_IN_TEXT = frozenset({"内蒙", "朝阳", "大同", "中山", "河套", "青城", "鹿城", "海西"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Gazetteer:
    parents: dict[str, str]
    variants: dict[str, str]  # any spelling → canonical name
    longest_first: tuple[str, ...]
    in_text: tuple[str, ...]  # the spellings safe to look for in running text, longest first


def _add(
    parents: dict[str, str],
    variants: dict[str, str],
    name: str,
    parent: str,
    spellings: tuple[str, ...],
) -> None:
    parents[name] = parent
    for spelling in (name, *spellings):
        variants.setdefault(spelling, name)


@cache
def gazetteer() -> Gazetteer:
    parents: dict[str, str] = {}
    variants: dict[str, str] = {}
    for province, spellings in table.PROVINCES.items():
        _add(parents, variants, province, table.NATIONWIDE, spellings)
    for city, spellings in table.INNER_MONGOLIA_CITIES.items():
        _add(parents, variants, city, "内蒙古", spellings)
    quiet = set(_NOT_IN_TEXT)
    for city, counties in table.INNER_MONGOLIA_COUNTIES.items():
        for county in counties:
            stem = county[:-1] if county[-1] in "区县旗" and len(county) >= 3 else ""
            _add(parents, variants, county, city, (*table.COUNTY_ALIASES.get(county, ()), stem))
            if len(stem) == 2:
                quiet.add(stem)  # "东胜" is a place in an address, but "新城" is also a word
    for province, cities in table.OTHER_CITIES.items():
        for city in cities:
            short = city.removesuffix("市") if city.endswith("市") and len(city) > 3 else city
            _add(parents, variants, short, province, (f"{short}市",))
    variants.pop("", None)
    ordered = tuple(sorted(variants, key=len, reverse=True))
    in_text = tuple(s for s in ordered if len(s) >= 2 and s not in quiet)
    return Gazetteer(parents, variants, ordered, in_text)


def _longest_prefix(text: str) -> tuple[str, str] | None:
    for spelling in gazetteer().longest_first:
        if text.startswith(spelling):
            return spelling, gazetteer().variants[spelling]
    return None


@lru_cache(maxsize=8192)
def normalize_region(raw: str | None) -> str | None:
    """The canonical, most specific place a name or address denotes; None if unknown."""
    text = _SPACE.sub("", raw or "")
    if not text:
        return None
    if text in table.NATIONWIDE_PHRASES:
        return table.NATIONWIDE
    found: str | None = None
    while text and (hit := _longest_prefix(text)):
        spelling, place = hit
        if found is not None and not covers(found, place):
            break
        found, text = place, text[len(spelling) :]
    return found


@lru_cache(maxsize=8192)
def ancestors(place: str) -> tuple[str, ...]:
    """The place itself, then each enclosing region up to 全国."""
    chain = [place]
    parents = gazetteer().parents
    while chain[-1] in parents:
        chain.append(parents[chain[-1]])
    if chain[-1] != table.NATIONWIDE:
        chain.append(table.NATIONWIDE)
    return tuple(chain)


def covers(region: str, place: str) -> bool:
    """Whether `region` (canonical) contains `place` (canonical)."""
    return region in ancestors(place)


def province_of(place: str) -> str | None:
    chain = ancestors(place)
    return chain[-2] if len(chain) >= 2 else None


def find_places(text: str) -> list[tuple[int, int, str]]:
    """Place names mentioned in running text: (start, end, canonical), left to right."""
    hits: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for spelling in gazetteer().in_text:
        for match in re.finditer(re.escape(spelling), text):
            start, end = match.span()
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                hits.append((start, end, gazetteer().variants[spelling]))
    return sorted(hits)
