"""Recognisers for the conditions a Chinese eligibility clause states in set phrases.

Each `take_*` finds its phrases in a piece of text, returns what they mean, and the text
with those phrases blanked out (a space keeps the remaining fragments apart), so that
whatever no recogniser claims is left over for the classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.eligibility import qualifications as quals
from matcher.eligibility import regions
from matcher.eligibility.rules import (
    SIZES,
    Manual,
    NotQualification,
    Qualification,
    Rule,
    Size,
    Threshold,
)

BLANK = " "
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
_EXCEPT = r"(?:除外|不予支持|不在支持范围(?:内|之内)?|不得申报|不能申报|不予受理)"
_EXCEPT_AFTER = re.compile(rf"^(?:的?企业)?{_EXCEPT}")
_AND = re.compile(r"和|且|同时|并|以及")
_RD = re.compile(
    r"(?:研发|研究开发|R&D|研究与试验发展)(?:经费|费用)?(?:投入|支出)?(?:总额)?"
    r"(?:强度|占比|占(?:同期|上年度|当年)?(?:企业)?(?:营业|销售|主营业务)?收入(?:总额)?的?"
    r"(?:比例|比重|比值)?)(?:须|需|应)?\s*"
    r"(?P<op>不低于|不少于|不小于|达到|达|在|为|高于|超过|大于|≥|>=|＞|>)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*[%％](?:以上|及以上)?",
    re.IGNORECASE,
)
_STRICT = ("高于", "超过", "大于", "＞", ">")
_POSSESSION = re.compile(
    r"(?:^|(?<=[、，,\s并且和]))(?P<verb>具有|具备|拥有|配备|设有|建有|有(?![色机限效关利序偿]))"
    r"(?P<items>[^，,；;。\s]+)"
)
_APPLICANT_END = re.compile(r"(?:企业|单位|主体|合作社|机构|公司)$")
_RD_WORDS = re.compile(r"研发(?:经费|费用)?投入|研发费用|研发经费")
_SIZE_MEANING = {
    "中型及以上": ("中型", "大型"),
    "中型及以下": ("小微", "中型"),
    "中小微": ("小微", "中型"),
    "中小微型": ("小微", "中型"),
    "中小": ("小微", "中型"),
    "中小型": ("小微", "中型"),
    "小微": ("小微",),
    "小微型": ("小微",),
    "小型微型": ("小微",),
    "小型、微型": ("小微",),
    "小型": ("小微",),
    "微型": ("小微",),
    "大中型": ("中型", "大型"),
    "大型": ("大型",),
    "中型": ("中型",),
}
# Longest first, so that "中小微" is not read as "中小".
_SIZE_WORDS = "|".join(sorted(_SIZE_MEANING, key=len, reverse=True))
_SIZE_NEGATED = re.compile(
    rf"(?:不含|不包括|不包含|排除|非)(?P<a>{_SIZE_WORDS})企业|(?P<b>{_SIZE_WORDS})企业{_EXCEPT}"
)
_SIZE_POSITIVE = re.compile(rf"(?P<a>{_SIZE_WORDS})企业")
_LICENCE = re.compile(r"(?P<subject>(?:(?!许可证)[\u4e00-\u9fff]){0,16})许可证")
_LICENCE_LEAD = re.compile(
    r".*(?:持有|取得|具有|具备|获得|有效的?|相应的?|相关的?|并|且|的|和|及|、)"
)


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


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + BLANK * (end - start) + text[end:]


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
        text = _blank(text, lo, hi)
    for pattern, home in ((_HOME, province), (_LOCAL, local), (_NATIONWIDE, ())):
        for match in pattern.finditer(text):
            found.extend(home)
            text = _blank(text, *match.span())
    return ([Places(tuple(dict.fromkeys(found)))] if found else []), text


def take_rd_ratio(text: str) -> tuple[list[Atom], str]:
    atoms: list[Atom] = []
    for match in _RD.finditer(text):
        op = ">" if match.group("op") in _STRICT else ">="
        atoms.append(Threshold("rd_ratio", op, round(float(match.group("num")) / 100, 6)))
        text = _blank(text, *match.span())
    return atoms, text


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
            text = _blank(text, lo, end + (exception.end() if exception else 0))
        else:
            wanted.append((start, name))
            text = _blank(text, start, end)
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
        text = _blank(text, *match.span())
    return atoms, text


def take_sizes(text: str) -> tuple[list[Atom], str]:
    allowed = set(SIZES)
    for match in _SIZE_NEGATED.finditer(text):
        allowed -= set(_SIZE_MEANING[match.group("a") or match.group("b")])
        text = _blank(text, *match.span())
    for match in _SIZE_POSITIVE.finditer(text):
        allowed &= set(_SIZE_MEANING[match.group("a")])
        text = _blank(text, *match.span())
    return ([SizeBounds(frozenset(allowed))] if allowed != set(SIZES) else []), text


def size_rule(bounds: SizeBounds) -> Size:
    return Size(tuple(size for size in SIZES if size in bounds.allowed))


def take_possessions(text: str) -> tuple[list[Atom], str]:
    """ "有稳定研发投入和专职研发人员的企业": research spending is rd_ratio > 0, the rest is
    manual; a trailing "的企业"/"的设计单位" is the applicant and stays for the classifier."""
    match = _POSSESSION.search(text)
    if not match:
        return [], text
    items, end = match.group("items"), match.end()
    head, sep, tail = items.rpartition("的")
    if sep and _APPLICANT_END.search(tail):
        items, end = head, match.start("items") + len(head)
    atoms: list[Atom] = []
    for item in re.split(r"[和及与、]", items):
        if _RD_WORDS.search(item):
            atoms.append(Threshold("rd_ratio", ">", 0.0))
        elif item:
            atoms.append(Manual(f"{match.group('verb')}{item}"))
    return atoms, _blank(text, match.start(), end)
