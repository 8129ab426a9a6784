"""Recognisers for measures: the R&D ratio threshold, enterprise size, and possessions
("有稳定研发投入和专职研发人员"). Each returns its atoms and the text with its phrases blanked."""

from __future__ import annotations

import re

from matcher.eligibility.atoms import EXCEPTED, Atom, SizeBounds, blank
from matcher.eligibility.rules import SIZES, Manual, Size, Threshold

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
    rf"(?:不含|不包括|不包含|排除|非)(?P<a>{_SIZE_WORDS})企业|(?P<b>{_SIZE_WORDS})企业{EXCEPTED}"
)
_SIZE_POSITIVE = re.compile(rf"(?P<a>{_SIZE_WORDS})企业")


def take_rd_ratio(text: str) -> tuple[list[Atom], str]:
    atoms: list[Atom] = []
    for match in _RD.finditer(text):
        op = ">" if match.group("op") in _STRICT else ">="
        atoms.append(Threshold("rd_ratio", op, round(float(match.group("num")) / 100, 6)))
        text = blank(text, *match.span())
    return atoms, text


def take_sizes(text: str) -> tuple[list[Atom], str]:
    allowed = set(SIZES)
    for match in _SIZE_NEGATED.finditer(text):
        allowed -= set(_SIZE_MEANING[match.group("a") or match.group("b")])
        text = blank(text, *match.span())
    for match in _SIZE_POSITIVE.finditer(text):
        allowed &= set(_SIZE_MEANING[match.group("a")])
        text = blank(text, *match.span())
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
    return atoms, blank(text, match.start(), end)
