"""Rules × profile → one check per rule: met, unmet, or unverified.

Unverified — a profile field is unknown (rd_ratio null), or the condition is one no profile
can decide (manual, unparsed) — counts as met and is flagged for a person to confirm: a
policy the enterprise may well qualify for is worth showing with a caveat, while hiding it
is exactly the "找不到" the platform exists to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch
from typing import Literal

from matcher.eligibility import qualifications as quals
from matcher.eligibility import regions
from matcher.eligibility.derive import policy_rules
from matcher.eligibility.model import PolicyDoc, Profile
from matcher.eligibility.rules import (
    AnyOf,
    Business,
    Industry,
    Manual,
    NotQualification,
    Qualification,
    Region,
    Rule,
    Size,
    Threshold,
    Unparsed,
)
from matcher.eligibility.topics import CharTermMatcher, TermMatcher

Status = Literal["met", "unmet", "unverified"]
# Gaps an enterprise can close (get certified, spend more on R&D); a wrong region is no gap.
ATTAINABLE = (Qualification, Threshold)
NEAR_MISS_MAX_GAPS = 2
_REGION_SUFFIX = ("特别行政区", "自治区", "省", "市", "盟")


@dataclass(frozen=True)
class Check:
    rule: Rule
    status: Status
    note: str = ""


@dataclass(frozen=True)
class Evaluation:
    policy_id: str
    enterprise_id: str
    checks: tuple[Check, ...]

    @property
    def eligible(self) -> bool:
        return all(check.status != "unmet" for check in self.checks)

    @property
    def gaps(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.status == "unmet")

    @property
    def unverified(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.status == "unverified")

    @property
    def satisfied(self) -> int:
        return len(self.checks) - len(self.gaps)

    @property
    def near_miss(self) -> bool:
        gaps = self.gaps
        return 0 < len(gaps) <= NEAR_MISS_MAX_GAPS and all(
            isinstance(gap.rule, ATTAINABLE) for gap in gaps
        )


@dataclass(frozen=True)
class _Context:
    policy: PolicyDoc
    profile: Profile
    topics: TermMatcher


def evaluate(policy: PolicyDoc, profile: Profile, topics: TermMatcher | None = None) -> Evaluation:
    context = _Context(policy, profile, topics or CharTermMatcher())
    checks = tuple(check(rule, context) for rule in policy_rules(policy))
    return Evaluation(policy.id, profile.id, checks)


@singledispatch
def check(rule: Rule, context: _Context) -> Check:
    raise TypeError(f"no check for rule {rule!r}")


@check.register
def _(rule: Region, context: _Context) -> Check:
    raw = (context.profile.region or "").strip()
    if not raw:
        return Check(rule, "unverified", "企业所在地未填写")
    place = regions.normalize_region(raw)
    for named in rule.regions:
        region = regions.normalize_region(named)
        if place and region and regions.covers(region, place):
            return Check(rule, "met")
        if _bare(named) == _bare(raw):
            return Check(rule, "met")
    return Check(rule, "unmet", f"企业所在地为{raw}")


def _bare(name: str) -> str:
    name = name.strip()
    for suffix in _REGION_SUFFIX:
        name = name.removesuffix(suffix)
    return name


@check.register
def _(rule: Industry, context: _Context) -> Check:
    industry = (context.profile.industry or "").strip()
    if not industry:
        return Check(rule, "unverified", "企业所属行业未填写")
    # A sub-industry is covered: 稀土新材料 belongs to 新材料.
    if any(wanted and wanted in industry for wanted in rule.industries):
        return Check(rule, "met")
    return Check(rule, "unmet", f"企业所属行业为{industry}")


@check.register
def _(rule: Qualification, context: _Context) -> Check:
    held = quals.holdings(context.profile.qualifications)
    if any(quals.holds(held, wanted) for wanted in rule.any_of):
        return Check(rule, "met")
    return Check(rule, "unmet")


@check.register
def _(rule: NotQualification, context: _Context) -> Check:
    held = quals.holdings(context.profile.qualifications)
    found = [name for name in rule.any_of if quals.holds(held, name)]
    if found:
        return Check(rule, "unmet", f"已认定为{'、'.join(found)}")
    return Check(rule, "met")


@check.register
def _(rule: Size, context: _Context) -> Check:
    size = context.profile.size
    if not size:
        return Check(rule, "unverified", "企业规模未填写")
    if size in rule.allowed:
        return Check(rule, "met")
    return Check(rule, "unmet", f"企业规模为{size}")


@check.register
def _(rule: Threshold, context: _Context) -> Check:
    value = getattr(context.profile, rule.metric, None)
    if value is None:
        return Check(rule, "unverified", "研发投入占比未提供，按满足计，需核实")
    passed = {
        ">=": value >= rule.value,
        ">": value > rule.value,
        "<=": value <= rule.value,
        "<": value < rule.value,
    }[rule.op]
    return Check(rule, "met" if passed else "unmet", f"当前{value:.1%}")


@check.register
def _(rule: Business, context: _Context) -> Check:
    profile, topics = context.profile, context.topics
    phrases = "\n".join(rule.phrases)
    if profile.industry and topics.evidence([profile.industry], phrases):
        return Check(rule, "met", f"所属行业：{profile.industry}")
    scope = "\n".join(rule.keywords or (phrases, context.policy.scope_text))
    touched = topics.evidence(profile.interests, scope)
    if touched:
        return Check(rule, "met", f"相关方向：{'、'.join(touched)}")
    if not profile.interests:
        return Check(rule, "unverified", "企业未填写技术方向，业务范围需人工核实")
    return Check(rule, "unmet", "企业业务方向与政策支持范围不符")


@check.register
def _(rule: Manual, context: _Context) -> Check:
    return Check(rule, "unverified", "需企业自行确认")


@check.register
def _(rule: Unparsed, context: _Context) -> Check:
    return Check(rule, "unverified", "未能自动识别，需人工核实")


@check.register
def _(rule: AnyOf, context: _Context) -> Check:
    outcomes = [[check(r, context) for r in option] for option in rule.options]
    statuses = [_combined(option) for option in outcomes]
    for wanted in ("met", "unverified"):
        if wanted in statuses:
            return Check(rule, wanted, _notes(outcomes[statuses.index(wanted)]))  # type: ignore[arg-type]
    return Check(rule, "unmet", "各项备选条件均不满足")


def _combined(option: list[Check]) -> Status:
    statuses = {c.status for c in option}
    return "unmet" if "unmet" in statuses else "unverified" if "unverified" in statuses else "met"


def _notes(option: list[Check]) -> str:
    return "；".join(c.note for c in option if c.note)
