"""What the recognisers left of a clause: filler, the applicant's business, a condition only a
person can check (a threshold on something no profile records, a commitment, compliance),
or — when nothing fits — an unparsed clause kept verbatim.
"""

from __future__ import annotations

import re

from matcher.eligibility.rules import Business, Manual, Rule, Unparsed

_EDGES = " 、，,的和及与或且并其等：:"
_FILLER = re.compile(
    r"已经|已|经|被|新认定|首次认定|认定为|认定|评价|评定|入库|注册|登记|依法|设立|企业|公司|单位|法人|主体|"
    r"申报|各类|相关|上述|以上|等|和|及|与|或者|或|且|并|其|为|的|中|上一年度|上年度|年度|"
    r"近三年|申请|属于|符合|条件|要求|之一|均可|可以|可|所在|面向|针对|鼓励|支持|"
    r"科技型企业|科技企业|工业|制造业|服务业|实体|[、（）()“”\"\s]"
)
# "……企业及其上下游配套企业": the whole industry chain, which the industry rule covers.
_CHAIN = re.compile(r"上下游|配套企业")
_COMPARISON = re.compile(
    r"不低于|不少于|不高于|不超过|低于|高于|超过|大于|小于|以上|以下|达到|[≥≤<>＞＜]|\d"
)
_MANUAL = re.compile(
    r"承诺|须|需|应当|必须|信用|失信|违法|违规|事故|法人资格|合同|登记|备案|制度|健全|良好|规范|"
    r"纳税|社保|缴纳|不良|正常经营|经营状况|财务|成立|满\d|满[一二三四五]年|享受|补助|资助|"
    r"奖励|重复|同类|联合体|牵头|法人|规上|规模以上|民营|国有|国企|外资|私营|个体|"
    # What an enterprise has rather than what it does: no topic to check.
    r"研发机构|研发中心|研发平台|研发人员|研发团队|技术中心|实验室|专利|知识产权|人才"
)
_ACTIVITY_START = re.compile(
    r"^(?:从事|开展|实施|发展|经营|生产|建设|运营|承担|参与|致力于|专注于|主营|属于|聚焦|围绕|利用)"
)
_APPLICANT_END = re.compile(
    r"(?:企业|单位|主体|合作社|牧场|养殖场|农场|煤矿|矿山|机构|基地|园区|公司|厂|院所|高校|农户|"
    r"平台|中心)$"
)


def _clean(fragment: str) -> str:
    return fragment.strip(_EDGES)


def is_filler(fragment: str) -> bool:
    return not _FILLER.sub("", fragment)


def classify(fragment: str) -> list[Rule]:
    """The rules a leftover fragment stands for (none when it is filler)."""
    text = _clean(fragment)
    if not text or is_filler(text) or _CHAIN.search(text):
        return []
    if _COMPARISON.search(text) or _MANUAL.search(text):
        return _split_measured_applicant(text)
    if _ACTIVITY_START.search(text) or _APPLICANT_END.search(text):
        return [Business((text,))]
    return [Unparsed(text)]


def _split_measured_applicant(text: str) -> list[Rule]:
    """ "年捕集能力不低于10万吨的示范项目建设单位" → the measure (manual) + the applicant."""
    head, sep, tail = text.rpartition("的")
    plain_tail = not (_COMPARISON.search(tail) or _MANUAL.search(tail))
    if sep and plain_tail and _APPLICANT_END.search(tail):
        return [Manual(_clean(head)), *classify(tail)]
    return [Manual(text)]
