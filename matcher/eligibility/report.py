"""Plain-text wording of rules and evaluations (zh-CN), for the bot and the command line.

"满足 4/5 条件，缺少：高新技术企业认定"; callers escape it for their own markup.
"""

from __future__ import annotations

from datetime import date
from functools import singledispatch

from matcher.eligibility import qualifications as quals
from matcher.eligibility.evaluate import Check, Evaluation
from matcher.eligibility.model import PolicyDoc
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

MARKS = {"met": "✅", "unmet": "❌", "unverified": "⚠️"}
_METRIC_NAMES = {"rd_ratio": "研发投入占营业收入比例"}


def _or(items: tuple[str, ...]) -> str:
    return "或".join(items)


@singledispatch
def describe(rule: Rule) -> str:
    raise TypeError(f"no wording for {rule!r}")


@describe.register
def _(rule: Region) -> str:
    return f"注册地：{'、'.join(rule.regions)}"


@describe.register
def _(rule: Industry) -> str:
    return f"所属行业：{'、'.join(rule.industries)}"


@describe.register
def _(rule: Qualification) -> str:
    licences = [quals.licence_subject(q) for q in rule.any_of if quals.LICENCE in q]
    if licences and len(licences) == len(rule.any_of):
        subjects = "、".join(s for s in licences if s)
        return f"持有许可证：{subjects}" if subjects else "持有相应许可证"
    return f"资质：{_or(rule.any_of)}"


@describe.register
def _(rule: NotQualification) -> str:
    return f"尚未认定为{_or(rule.any_of)}"


@describe.register
def _(rule: Size) -> str:
    return f"企业规模：{'、'.join(rule.allowed) or '（无）'}"


@describe.register
def _(rule: Threshold) -> str:
    if rule.metric == "rd_ratio" and rule.op == ">" and rule.value == 0:
        return "有研发投入"
    name = _METRIC_NAMES.get(rule.metric, rule.metric)
    op = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜"}[rule.op]
    return f"{name} {op} {rule.value:.1%}".replace(".0%", "%")


@describe.register
def _(rule: Business) -> str:
    return f"业务范围：{'；或'.join(rule.phrases)}"


@describe.register
def _(rule: Manual) -> str:
    return rule.text


@describe.register
def _(rule: Unparsed) -> str:
    return rule.text


@describe.register
def _(rule: AnyOf) -> str:
    options = ["且".join(describe(r) for r in option) for option in rule.options]
    return f"满足其一：{'；或 '.join(options)}"


def gap(check: Check) -> str:
    """What an unmet condition asks for, as the enterprise would need to hear it."""
    rule = check.rule
    if isinstance(rule, Qualification):
        return f"{describe(rule).removeprefix('资质：')}认定"
    note = f"（{check.note}）" if check.note else ""
    return f"{describe(rule)}{note}"


def summary(evaluation: Evaluation) -> str:
    total = len(evaluation.checks)
    if evaluation.eligible:
        flagged = len(evaluation.unverified)
        tail = f"，其中 {flagged} 项需核实" if flagged else ""
        return f"符合全部 {total} 项条件{tail}"
    gaps = "；".join(gap(c) for c in evaluation.gaps)
    return f"满足 {evaluation.satisfied}/{total} 条件，缺少：{gaps}"


def condition_lines(evaluation: Evaluation) -> list[str]:
    lines = []
    for check in evaluation.checks:
        note = f"（{check.note}）" if check.note and check.status != "met" else ""
        lines.append(f"{MARKS[check.status]} {describe(check.rule)}{note}")
    return lines


def deadline_text(deadline: date | None, today: date) -> str:
    if deadline is None:
        return "长期有效"
    days = (deadline - today).days
    if days < 0:
        return f"截止：{deadline.isoformat()}（已截止）"
    return f"截止：{deadline.isoformat()}（还剩 {days} 天）"


def policy_lines(
    policy: PolicyDoc, evaluation: Evaluation, today: date, *, detailed: bool = False
) -> list[str]:
    """A policy with its gap report; `detailed` adds every condition and the summary text."""
    issuer = policy.issuer or "发布单位未注明"
    head = [policy.title, f"{issuer} · {deadline_text(policy.deadline, today)}"]
    if not detailed:
        return [*head, summary(evaluation)]
    lines = [*head, "", summary(evaluation), "", "申报条件：", *condition_lines(evaluation)]
    if policy.summary:
        lines += ["", policy.summary]
    return lines
