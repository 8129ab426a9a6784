"""The eligibility parser: every devset policy's rules written out by hand, common phrasings
beyond the devset, and the promise that no clause is dropped."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from matcher.eligibility.derive import policy_rules
from matcher.eligibility.model import PolicyDoc
from matcher.eligibility.rules import (
    AnyOf,
    Business,
    Industry,
    Manual,
    NotQualification,
    Qualification,
    Region,
    Size,
    Threshold,
    Unparsed,
)
from tests.support.paths import devset

IM = Region(("内蒙古",))

DEVSET_RULES = {
    # 自治区内注册的企业；技术合同已登记且实际支付额不低于50万元
    "DP001": (IM, Manual("技术合同已登记且实际支付额不低于50万元")),
    # 已评价入库的科技型中小企业，且尚未被认定为高新技术企业
    "DP002": (IM, Qualification(("科技型中小企业",)), NotQualification(("高新技术企业",))),
    # 已入库的科技型中小企业，上年度研发费用占营业收入比例不低于3%
    "DP003": (IM, Qualification(("科技型中小企业",)), Threshold("rd_ratio", ">=", 0.03)),
    # 已认定为自治区级及以上专精特新的中小企业，不含大型企业
    "DP004": (IM, Qualification(("专精特新",)), Size(("小微", "中型"))),
    # 自治区内相关产业企业作为发榜方，承诺按不低于1:1比例配套资金
    "DP005": (
        IM,
        Industry(("稀土新材料", "新能源", "煤化工", "有色金属", "新材料")),
        Unparsed("相关产业企业作为发榜方"),
        Manual("承诺按不低于1:1比例配套资金"),
    ),
    # 在包头市注册并从事稀土材料及应用产品研发生产的企业
    "DP006": (
        Region(("包头",)),
        Industry(("稀土新材料",)),
        Business(("从事稀土材料及应用产品研发生产的企业",)),
    ),
    # 在鄂尔多斯市注册并实施氢能相关研发或示范项目的企业
    "DP007": (
        Region(("鄂尔多斯",)),
        Industry(("新能源",)),
        Business(("实施氢能相关研发或示范项目的企业",)),
    ),
    # 新型储能项目业主单位或储能技术研发企业
    "DP008": (IM, Industry(("新能源",)), Business(("新型储能项目业主单位或储能技术研发企业",))),
    # 自治区内开展大宗工业固废综合利用的企业，年新增利用量不低于10万吨
    "DP009": (
        IM,
        Industry(("煤化工", "煤炭", "能源电力", "生态环保")),
        Business(("开展大宗工业固废综合利用的企业",)),
        Manual("年新增利用量不低于10万吨"),
    ),
    # 年捕集能力不低于10万吨二氧化碳的示范项目建设单位
    "DP010": (
        IM,
        Industry(("煤化工", "能源电力")),
        Manual("年捕集能力不低于10万吨二氧化碳"),
        Business(("示范项目建设单位",)),
    ),
    # 存栏奶牛300头以上的规模牧场，或自治区内乳品加工企业
    "DP011": (
        IM,
        Industry(("绿色农畜产品",)),
        AnyOf(
            (
                (Manual("存栏奶牛300头以上"), Business(("规模牧场",))),
                (Business(("乳品加工企业",)),),
            )
        ),
    ),
    # 从事农作物种子、草种或种畜禽生产经营并持有相应许可证的企业
    "DP012": (
        IM,
        Industry(("绿色农畜产品",)),
        Business(("从事农作物种子、草种或种畜禽生产经营",)),
        Qualification(("农作物种子许可证", "草种许可证", "种畜禽许可证")),
    ),
    # 自治区内蒙药、中药生产企业及道地药材种植基地建设主体
    "DP013": (
        IM,
        Industry(("蒙中医药",)),
        Business(("蒙药、中药生产企业及道地药材种植基地建设主体",)),
    ),
    # 在呼和浩特市注册的乳业、生物发酵企业及其上下游配套企业: the chain = the industries
    "DP014": (Region(("呼和浩特",)), Industry(("绿色农畜产品", "生物发酵"))),
    # 自治区内生产煤矿，或煤矿智能化装备制造企业
    "DP015": (
        IM,
        Industry(("煤炭", "装备制造")),
        Business(("生产煤矿", "煤矿智能化装备制造企业")),
    ),
    # 在乌兰察布市运营的数据中心企业，改造后PUE不高于1.25
    "DP016": (
        Region(("乌兰察布",)),
        Industry(("大数据",)),
        Business(("数据中心企业",)),
        Manual("改造后PUE不高于1.25"),
    ),
    # 在自治区沙化土地上实施治理或发展沙产业的企业、合作社
    "DP017": (
        IM,
        Industry(("生态环保", "蒙中医药")),
        Business(("沙化土地上实施治理或发展沙产业的企业、合作社",)),
    ),
    # 在通辽市注册的玉米深加工及生物发酵企业
    "DP018": (
        Region(("通辽",)),
        Industry(("生物发酵", "绿色农畜产品")),
        Business(("玉米深加工及生物发酵企业",)),
    ),
    # 在赤峰市注册、有稳定研发投入和专职研发人员的企业
    "DP019": (Region(("赤峰",)), Threshold("rd_ratio", ">", 0.0), Manual("有专职研发人员")),
    # 自治区内从事装配式建筑构件生产、设计或施工的企业
    "DP020": (
        IM,
        Industry(("绿色建筑",)),
        Business(("从事装配式建筑构件生产、设计或施工的企业",)),
    ),
}


def _devset_policies() -> dict[str, PolicyDoc]:
    lines = (devset() / "policies.jsonl").read_text(encoding="utf-8").splitlines()
    docs = {}
    for line in lines:
        data = json.loads(line)
        docs[data["id"]] = PolicyDoc(
            id=data["id"],
            title=data["title"],
            industries=tuple(data["industries"]),
            regions=tuple(data["regions"]),
            eligibility=data["eligibility"],
        )
    return docs


def test_the_expectations_cover_every_devset_policy():
    assert set(DEVSET_RULES) == set(_devset_policies())


@pytest.mark.parametrize("policy_id", sorted(DEVSET_RULES))
def test_devset_eligibility_parses_into_the_rules_written_by_hand(policy_id):
    assert policy_rules(_devset_policies()[policy_id]) == DEVSET_RULES[policy_id]


def _rules(eligibility: str, regions: tuple[str, ...] = ("内蒙古",)) -> tuple:
    """The rules from the text alone (the policy's own region rule left out)."""
    doc = PolicyDoc(
        id="P", title="t", regions=regions, industries=("不限",), eligibility=eligibility
    )
    rules = policy_rules(doc)
    return rules[1:] if rules[:1] == (Region(("内蒙古",)),) and regions == ("内蒙古",) else rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "高新技术企业；研发投入占营业收入比例不低于3%",
            (Qualification(("高新技术企业",)), Threshold("rd_ratio", ">=", 0.03)),
        ),
        (
            "注册地在包头市的高新技术企业或科技型中小企业",
            (Region(("包头",)), Qualification(("高新技术企业", "科技型中小企业"))),
        ),
        (
            "高新技术企业和专精特新企业",
            (Qualification(("高新技术企业",)), Qualification(("专精特新",))),
        ),
        (
            "尚未获得高新技术企业认定的科技型中小企业",
            (NotQualification(("高新技术企业",)), Qualification(("科技型中小企业",))),
        ),
        ("非高新技术企业", (NotQualification(("高新技术企业",)),)),
        ("高新技术企业除外", (NotQualification(("高新技术企业",)),)),
        ("已认定的国家级专精特新“小巨人”企业", (Qualification(("专精特新小巨人",)),)),
        ("研究开发费用总额占同期销售收入总额的比例不低于4%", (Threshold("rd_ratio", ">=", 0.04),)),
        ("R&D经费投入强度≥3%", (Threshold("rd_ratio", ">=", 0.03),)),
        ("年度研发投入占营业收入的比重在3%以上", (Threshold("rd_ratio", ">=", 0.03),)),
        ("研发投入强度高于2%", (Threshold("rd_ratio", ">", 0.02),)),
        (
            "已认定为专精特新的中小企业，大型企业除外",
            (Qualification(("专精特新",)), Size(("小微", "中型"))),
        ),
        ("中小微企业，大型企业不予支持", (Size(("小微", "中型")),)),
        ("小型、微型企业", (Size(("小微",)),)),
        ("中型及以上企业", (Size(("中型", "大型")),)),
        (
            "在巴彦淖尔市、阿拉善盟注册的农畜产品加工企业",
            (Region(("巴彦淖尔", "阿拉善")), Business(("农畜产品加工企业",))),
        ),
        (
            "持有食品生产许可证的乳制品生产企业",
            (Qualification(("食品生产许可证",)), Business(("乳制品生产企业",))),
        ),
        (
            "具备食品生产许可证和排污许可证",
            (Qualification(("食品生产许可证",)), Qualification(("排污许可证",))),
        ),
        ("具有相应资质的设计、施工单位", (Manual("具有相应资质"), Business(("设计、施工单位",)))),
        (
            "信用记录良好，近三年未发生重大安全、环保事故",
            (Manual("信用记录良好"), Manual("近三年未发生重大安全、环保事故")),
        ),
        ("上年度营业收入不低于2000万元", (Manual("上年度营业收入不低于2000万元"),)),
        (
            "农业产业化重点龙头企业，或年销售收入5000万元以上的农畜产品加工企业",
            (
                AnyOf(
                    (
                        (Qualification(("农业产业化龙头企业",)),),
                        (Manual("年销售收入5000万元以上"), Business(("农畜产品加工企业",))),
                    )
                ),
            ),
        ),
        ("内蒙古自治区境内注册、具有独立法人资格的企业", (Manual("具有独立法人资格"),)),
    ],
)
def test_common_phrasings_beyond_the_devset(text, expected):
    assert _rules(text) == expected


def test_a_region_named_in_the_text_narrows_a_nationwide_policy():
    assert _rules("自治区内注册的企业", regions=("全国",)) == (Region(("内蒙古",)),)


def test_this_city_means_the_city_of_the_policy():
    # Only the policy's own region rule: 本市 adds no second one.
    assert _rules("本市注册的企业", regions=("包头市",)) == (Region(("包头",)),)


CLAUSE_PIECES = st.sampled_from(
    [
        "科技型中小企业",
        "尚未认定为高新技术企业",
        "研发投入强度不低于3%",
        "在包头市注册",
        "不含大型企业",
        "拥有发明专利",
        "年产值不低于1亿元",
        "从事稀土永磁材料生产的企业",
        "作为牵头单位",
        "面向社会公开",
        "诚信经营",
        "且",
        "或",
        "，",
        "；",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(CLAUSE_PIECES, min_size=1, max_size=8).map("".join))
# Found by hypothesis: two manual clauses with the applicant between them were once joined.
@example("拥有发明专利从事稀土永磁材料生产的企业且拥有发明专利")
def test_manual_unparsed_and_business_rules_quote_the_text_itself(text):
    for rule in _rules(text):
        quoted = [rule.text] if isinstance(rule, Manual | Unparsed) else []
        quoted += list(rule.phrases) if isinstance(rule, Business) else []
        for fragment in quoted:
            assert fragment and fragment in text


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet="企业注册高新技术研发投入不低于万元从事生产的、，；或且并0123456789%", max_size=40
    )
)
def test_a_clause_with_content_is_never_dropped(text):
    content = re.sub(r"[、，；或且并的]", "", text)
    rules = _rules(text, regions=())
    assert rules or not content or re.fullmatch(r"(?:企业|注册|的)*", content)
