"""The rule model: what a policy asks of an enterprise, one frozen record per condition.

Rules travel as plain dicts in the `rules` field of a policy, where an operator may write or
correct them by hand (`mengke policy-rules FILE` prints the parsed ones to start from); when
present they replace the parse entirely. The kinds:

    {"kind": "region", "regions": ["内蒙古"]}            any spelling; a region covers its cities
    {"kind": "industry", "industries": ["新能源"]}       sub-industries count (稀土新材料 ⊂ 新材料)
    {"kind": "qualification", "any_of": ["科技型中小企业"]}   or a licence: "种畜禽许可证"
    {"kind": "not_qualification", "any_of": ["高新技术企业"]}
    {"kind": "size", "allowed": ["小微", "中型"]}
    {"kind": "threshold", "metric": "rd_ratio", "op": ">=", "value": 0.03}
    {"kind": "business", "phrases": ["从事稀土材料研发生产"], "keywords": ["稀土", "永磁"]}
    {"kind": "manual", "text": "年新增利用量不低于10万吨"}   shown, counted as met, flagged
    {"kind": "unparsed", "text": "……"}                   likewise
    {"kind": "any_of", "options": [[rule, …], [rule, …]]}
"""

from __future__ import annotations

from dataclasses import MISSING, Field, dataclass, fields
from typing import Any, ClassVar, Literal

Op = Literal[">=", ">", "<=", "<"]
SIZES = ("小微", "中型", "大型")
# Profile fields a threshold may test; anything else is a manual condition.
METRICS = ("rd_ratio",)


class RuleError(ValueError):
    """A rule dict that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Region:
    kind: ClassVar[str] = "region"
    regions: tuple[str, ...]


@dataclass(frozen=True)
class Industry:
    kind: ClassVar[str] = "industry"
    industries: tuple[str, ...]


@dataclass(frozen=True)
class Qualification:
    """Holds at least one of `any_of` (canonical names, or licences "…许可证")."""

    kind: ClassVar[str] = "qualification"
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class NotQualification:
    """Holds none of `any_of`: e.g. not yet a 高新技术企业."""

    kind: ClassVar[str] = "not_qualification"
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class Size:
    kind: ClassVar[str] = "size"
    allowed: tuple[str, ...]


@dataclass(frozen=True)
class Threshold:
    kind: ClassVar[str] = "threshold"
    metric: str
    op: Op
    value: float


@dataclass(frozen=True)
class Business:
    """What the applicant must do ("从事稀土材料研发生产的企业"); checked topically.

    `keywords`, when an operator gives them, replace the policy text as what the
    enterprise's interests must touch.
    """

    kind: ClassVar[str] = "business"
    phrases: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manual:
    """Understood, but not decidable from a profile (e.g. 年新增利用量不低于10万吨)."""

    kind: ClassVar[str] = "manual"
    text: str


@dataclass(frozen=True)
class Unparsed:
    """A clause the parser did not understand; kept verbatim, never dropped."""

    kind: ClassVar[str] = "unparsed"
    text: str


@dataclass(frozen=True)
class AnyOf:
    """Alternatives ("……，或……"): met when every rule of one option is met."""

    kind: ClassVar[str] = "any_of"
    options: tuple[tuple[Rule, ...], ...]


Rule = (
    Region
    | Industry
    | Qualification
    | NotQualification
    | Size
    | Threshold
    | Business
    | Manual
    | Unparsed
    | AnyOf
)
RULE_TYPES: dict[str, type] = {
    cls.kind: cls
    for cls in (
        Region,
        Industry,
        Qualification,
        NotQualification,
        Size,
        Threshold,
        Business,
        Manual,
        Unparsed,
        AnyOf,
    )
}


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": rule.kind}
    for field in fields(rule):
        value = getattr(rule, field.name)
        if isinstance(rule, AnyOf):
            value = [[rule_to_dict(r) for r in option] for option in value]
        elif isinstance(value, tuple):
            value = list(value)
        data[field.name] = value
    return data


def rule_from_dict(data: dict[str, Any]) -> Rule:
    kind = data.get("kind")
    cls = RULE_TYPES.get(str(kind))
    if cls is None:
        raise RuleError(f"未知的规则类型 {kind!r}（可用：{'、'.join(RULE_TYPES)}）")
    if cls is AnyOf:
        options = data.get("options") or []
        return AnyOf(tuple(tuple(rule_from_dict(r) for r in option) for option in options))
    try:
        rule = cls(**{f.name: _field_value(data, f) for f in fields(cls)})
    except (TypeError, ValueError) as exc:
        raise RuleError(f"规则 {kind} 的字段有误：{exc}") from exc
    _validate(rule)
    return rule


def _field_value(data: dict[str, Any], field: Field[Any]) -> Any:
    if field.name not in data:
        if field.default is not MISSING:
            return field.default
        raise ValueError(f"缺少字段 {field.name}")
    value = data[field.name]
    if str(field.type).startswith("tuple"):
        items = [value] if isinstance(value, str) else list(value)
        return tuple(str(item).strip() for item in items if str(item).strip())
    if field.type == "float":
        return float(value)
    return value


def _validate(rule: Rule) -> None:
    if isinstance(rule, Threshold):
        if rule.op not in (">=", ">", "<=", "<"):
            raise RuleError(f"阈值比较符 {rule.op!r} 不可用")
        if rule.metric not in METRICS:
            known = ", ".join(METRICS)
            raise RuleError(f"阈值指标 {rule.metric!r} 不在企业画像中（可用：{known}）")
    if isinstance(rule, Size) and not set(rule.allowed) <= set(SIZES):
        raise RuleError(f"企业规模只能是 {'、'.join(SIZES)}")


def rules_from_dicts(items: list[dict[str, Any]]) -> tuple[Rule, ...]:
    return tuple(rule_from_dict(item) for item in items)


def rules_to_dicts(rules: tuple[Rule, ...]) -> list[dict[str, Any]]:
    return [rule_to_dict(rule) for rule in rules]
