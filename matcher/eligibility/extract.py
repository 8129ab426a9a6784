"""Recognisers for places, qualifications and licences in an eligibility clause.

Each `take_*` finds its phrases in a piece of text, returns what they mean, and the text
with those phrases blanked out, so that whatever no recogniser claims is left over for the
classifier.
"""

from __future__ import annotations

import re

from matcher.eligibility import qualifications as quals
from matcher.eligibility import regions
from matcher.eligibility.atoms import EXCEPTED, Atom, Places, RelativeLicence, blank
from matcher.eligibility.rules import NotQualification, Qualification

_LOCATIVE_BEFORE = re.compile(r"(?:注册地(?:在|为|位于)?|位于|落户(?:于|在)?|在|于)$")
# "在包头市注册的", "自治区内依法设立、": the verb belongs to the place only when no object
# follows it ("在我区设立研发机构" sets up something, which is a condition of its own).
_SETTLED = (
    r"(?:境内|行政区域内|辖区内|范围内|内)?"
    r"(?:(?:依法)?(?:注册登记|注册|登记|设立|成立|运营|经营|落户|落地)+"
    r"(?=的|$|[、，,；;\s]|并|且))?(?:的)?"
)
_LOCATIVE_AFTER = re.compile(rf"^{_SETTLED}")
_HOME = re.compile(
    r"(?:在|于)?(?:自治区(?!级|重点|人民政府|政府|科学技术厅|科技厅)|全区|我区|本区|"
    rf"(?<![园社小景])区内){_SETTLED}"
)
_NATIONWIDE = re.compile(r"(?:全国|国内)(?:范围内|各地|范围)?(?:的)?")
_LOCAL = re.compile(rf"(?:在|于)?(?:本市|我市|全市|本盟|我盟|本地){_SETTLED}")
_NEGATION_BEFORE = re.compile(
    r"(?:尚未|未曾|未|没有|不是|非|不含|不包括|不包含|排除)(?:被)?"
    r"(?:认定|评定|评为|认证|获评|纳入|获得|取得)?(?:为|的)?(?:已认定的|已获评的)?$"
)
_EXCEPT_AFTER = re.compile(rf"^(?:的?企业)?{EXCEPTED}")
_AND = re.compile(r"和|且|同时|并|以及")
_LICENCE = re.compile(r"(?P<subject>(?:(?!许可证)[\u4e00-\u9fff]){0,16})许可证")
_LICENCE_LEAD = re.compile(
    r".*(?:持有|取得|具有|具备|获得|有效的?|相应的?|相关的?|并|且|的|和|及|、)"
)


def take_places(
    text: str, province: tuple[str, ...], local: tuple[str, ...]
) -> tuple[list[Atom], str]:
    """Place names with their locatives, then 区内 (the province) and 本市 (the issuer's city)."""
    found: list[str] = []
    for start, end, place in regions.find_places(text):
        before = _LOCATIVE_BEFORE.search(text[:start])
        after = _LOCATIVE_AFTER.match(text[end:])
        lo = before.start() if before else start
        hi = end + (after.end() if after else 0)
        found.append(place)
        text = blank(text, lo, hi)
    for pattern, home in ((_HOME, province), (_LOCAL, local), (_NATIONWIDE, ())):
        for match in pattern.finditer(text):
            found.extend(home)
            text = blank(text, *match.span())
    return ([Places(tuple(dict.fromkeys(found)))] if found else []), text


def take_qualifications(text: str) -> tuple[list[Atom], str]:
    """Required and excluded qualifications; "A或B"/"A、B" is one of them, "A和B" both."""
    wanted: list[tuple[int, str]] = []
    atoms: list[Atom] = []
    for start, end, name in quals.find_qualifications(text):
        negation = _NEGATION_BEFORE.search(text[:start])
        exception = _EXCEPT_AFTER.match(text[end:])
        if negation or exception:
            atoms.append(NotQualification((name,)))
            lo = negation.start() if negation else start
            text = blank(text, lo, end + (exception.end() if exception else 0))
        else:
            wanted.append((start, name))
            text = blank(text, start, end)
    return atoms + _group_wanted(wanted, text), text


def _group_wanted(wanted: list[tuple[int, str]], text: str) -> list[Atom]:
    groups: list[list[str]] = []
    previous = None
    for start, name in wanted:
        if groups and previous is not None and not _AND.search(text[previous:start]):
            groups[-1].append(name)
        else:
            groups.append([name])
        previous = start
    return [Qualification(tuple(dict.fromkeys(group))) for group in groups]


def take_licences(text: str) -> tuple[list[Atom], str]:
    atoms: list[Atom] = []
    for match in _LICENCE.finditer(text):
        subject = _LICENCE_LEAD.sub("", match.group("subject"))
        relative = not subject or re.search(r"相应|相关", match.group("subject"))
        atoms.append(RelativeLicence() if relative else Qualification((f"{subject}许可证",)))
        text = blank(text, *match.span())
    return atoms, text
