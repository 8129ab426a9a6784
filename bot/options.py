"""The choices the dialogs offer as buttons: industries, regions, qualifications, sizes."""

from __future__ import annotations

INDUSTRIES: tuple[str, ...] = (
    "稀土新材料",
    "新材料",
    "新能源",
    "能源电力",
    "煤化工",
    "煤炭",
    "有色金属",
    "装备制造",
    "绿色农畜产品",
    "生物发酵",
    "蒙中医药",
    "生态环保",
    "大数据",
    "绿色建筑",
)

# The twelve leagues and cities of Inner Mongolia; anything else is typed in.
REGIONS: tuple[str, ...] = (
    "呼和浩特",
    "包头",
    "鄂尔多斯",
    "赤峰",
    "通辽",
    "呼伦贝尔",
    "乌兰察布",
    "巴彦淖尔",
    "乌海",
    "锡林郭勒",
    "兴安",
    "阿拉善",
)

QUALIFICATIONS: tuple[str, ...] = (
    "高新技术企业",
    "科技型中小企业",
    "专精特新",
    "专精特新“小巨人”",
    "瞪羚企业",
    "农业产业化龙头企业",
)

SIZES: tuple[str, ...] = ("小微", "中型", "大型")

FREQUENCIES: dict[str, str] = {"daily": "每天", "weekly": "每周"}
