"""Enterprise qualifications (资质/认定) under their many spellings, and what each implies.

"国家高新技术企业", "高企" and "高新技术企业" are one qualification; a 专精特新"小巨人" is
also a 专精特新 enterprise. Licences (…许可证) are matched by what they license.
"""

from __future__ import annotations

import re
from functools import lru_cache

LICENCE = "许可证"

_LEVEL = r"(?:(?:国家|自治区|省|市|盟|区)级?(?:及以上|以上)?|国家重点|自治区重点)?"
_QUOTE = r"[“”\"「」『』]?"

# canonical name → pattern; order matters: the more specific name is tried first.
CATALOG: dict[str, str] = {
    "专精特新小巨人": (
        rf"{_LEVEL}专精特新{_QUOTE}小巨人{_QUOTE}(?:企业)?|{_QUOTE}小巨人{_QUOTE}企业"
    ),
    "专精特新": rf"{_LEVEL}专精特新(?:中小企业|企业)?",
    "创新型中小企业": rf"{_LEVEL}创新型中小企业",
    # "高企培育库入库企业" are candidates, not yet 高新技术企业.
    "高企培育入库企业": r"(?:高新技术企业|高企)培育库?(?:入库)?企业",
    "高新技术企业": rf"(?:有效期内的?)?{_LEVEL}高新技术企业(?!培育)|高企(?!培育)|高新企业",
    "科技型中小企业": r"科技型中小企业|科小企业",
    "技术先进型服务企业": r"技术先进型服务企业",
    "瞪羚企业": rf"{_LEVEL}瞪羚企业",
    "独角兽企业": rf"{_LEVEL}(?:潜在)?独角兽企业",
    "农业产业化龙头企业": rf"(?:农业产业化)?{_LEVEL}(?:级|重点)?龙头企业",
    "制造业单项冠军": r"(?:制造业)?单项冠军(?:企业|示范企业|产品)?",
    "企业技术中心": rf"{_LEVEL}企业技术中心",
    "工程技术研究中心": rf"{_LEVEL}工程技术研究中心",
    "企业研发中心": rf"{_LEVEL}(?:企业)?研发中心",
    "重点实验室": rf"{_LEVEL}重点实验室",
    "技术创新示范企业": rf"{_LEVEL}技术创新示范企业",
    "上市企业": r"上市(?:企业|公司)",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in CATALOG.items()}

# A qualification also counts as each one it implies (the MIIT ladder, for instance).
IMPLIES: dict[str, tuple[str, ...]] = {
    "专精特新小巨人": ("专精特新", "创新型中小企业"),
    "专精特新": ("创新型中小企业",),
}

_LICENCE_PATTERN = re.compile(r"(?P<subject>[\w（）()]{0,20}?)(?:生产经营|经营|生产)?许可证")


def find_qualifications(text: str) -> list[tuple[int, int, str]]:
    """Qualifications named in `text`: (start, end, canonical), non-overlapping, in order."""
    hits: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for name, pattern in _COMPILED.items():
        for match in pattern.finditer(text):
            start, end = match.span()
            if end > start and not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                hits.append((start, end, name))
    return sorted(hits)


@lru_cache(maxsize=4096)
def canonical(name: str) -> str:
    """The catalogue name of a qualification as an enterprise lists it, else the name itself."""
    cleaned = name.strip()
    for canon, pattern in _COMPILED.items():
        if pattern.fullmatch(cleaned):
            return canon
    return cleaned


@lru_cache(maxsize=4096)
def holdings(qualifications: tuple[str, ...]) -> frozenset[str]:
    """Everything an enterprise's qualifications amount to, implied ones included; each is
    read for the names it contains ("高新技术企业（2025年复审）" is a 高新技术企业) and kept
    as written too, for licences."""
    held: set[str] = set()
    for raw in qualifications:
        found = {name for _, _, name in find_qualifications(raw)}
        held |= found | {raw.strip()}
        for name in found:
            held.update(IMPLIES.get(name, ()))
    return frozenset(held)


def licence_subject(required: str) -> str:
    """'种畜禽许可证' → '种畜禽': what a required licence must license."""
    match = _LICENCE_PATTERN.fullmatch(required)
    return match.group("subject") if match else required


def holds(held: frozenset[str], required: str) -> bool:
    """Whether the holdings satisfy one required qualification or licence."""
    if canonical(required) in held:
        return True
    if LICENCE not in required:
        return False
    subject = licence_subject(required)
    return any(LICENCE in name and subject in name for name in held)
