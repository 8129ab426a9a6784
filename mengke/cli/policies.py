"""`mengke evaluate-policies`, `mengke policy-rules`, `mengke scheduler`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from matcher.eligibility.derive import policy_rules
from matcher.eligibility.evaluate import evaluate
from matcher.eligibility.model import PolicyDoc, Profile
from matcher.eligibility.report import summary
from matcher.eligibility.rules import rules_to_dicts
from matcher.eligibility.scoring import Pair, score_pairs
from mengke import events, runtime
from mengke.cli.common import load_settings
from mengke.context import build_context
from mengke.scheduler.lease import SchedulerAlreadyRunning
from mengke.scheduler.process import serve
from producers.readers import UnreadableRow, read_rows

P = TypeVar("P", bound=events.Payload)
_FILE: dict[str, Any] = {"exists": True, "dir_okay": False}


def _records(path: Path, model: type[P]) -> list[tuple[dict[str, Any], P]]:
    records = []
    for number, row in read_rows(path):
        if isinstance(row, UnreadableRow):
            raise typer.BadParameter(f"{path} 第 {number} 行：{row}")
        try:
            records.append((row, model.model_validate(row)))
        except ValueError as exc:
            raise typer.BadParameter(f"{path} 第 {number} 行：{exc}") from exc
    return records


def _gold(path: Path, enterprises: set[str], policies: set[str]) -> set[Pair]:
    pairs: set[Pair] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        entry = json.loads(line)
        unknown = ({entry["enterprise_id"]} - enterprises) | (set(entry["relevant"]) - policies)
        if unknown:
            raise typer.BadParameter(f"{path} 第 {number} 行：未知的编号 {sorted(unknown)}")
        pairs.update((entry["enterprise_id"], policy_id) for policy_id in entry["relevant"])
    return pairs


def evaluate_policies_command(
    policies: Annotated[Path, typer.Option(**_FILE, help="政策文件")],
    enterprises: Annotated[Path, typer.Option(**_FILE, help="企业画像文件")],
    gold: Annotated[Path, typer.Option(**_FILE, help="标注文件（devset 格式）")],
    as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
) -> None:
    """评估政策匹配：在所有（企业，政策）对上计算资格判断的准确率、召回率和 F1。"""
    docs = [PolicyDoc.of(p) for _, p in _records(policies, events.Policy)]
    profiles = [Profile.of(e) for _, e in _records(enterprises, events.Enterprise)]
    wanted = _gold(gold, {e.id for e in profiles}, {p.id for p in docs})
    results = {(e.id, p.id): evaluate(p, e) for e in profiles for p in docs}
    scores = score_pairs((pair for pair, r in results.items() if r.eligible), wanted)
    figures = {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1}
    if as_json:
        typer.echo(json.dumps({k: round(v, 4) for k, v in figures.items()}))
        return
    typer.echo(f"{len(profiles)} 家企业 × {len(docs)} 条政策 = {len(results)} 对")
    typer.echo("  ".join(f"{name} {value:.3f}" for name, value in figures.items()))
    typer.echo(
        f"TP {scores.true_positives}  FP {scores.false_positives}  FN {scores.false_negatives}"
    )
    for pair, result in sorted(results.items()):
        if result.eligible != (pair in wanted):
            label = "误判为符合" if result.eligible else "漏判"
            typer.echo(f"{label} {pair[0]} × {pair[1]}：{summary(result)}")


def policy_rules_command(
    policies: Annotated[Path, typer.Argument(**_FILE, help="政策文件（.jsonl/.csv/.xlsx）")],
) -> None:
    """把每条政策及其规则输出为 JSON Lines：解析所得的，或运营人员改写过的。

    修改某行的 `rules` 后重新导入该文件，即可更正解析结果。"""
    for row, payload in _records(policies, events.Policy):
        rules = rules_to_dicts(policy_rules(PolicyDoc.of(payload)))
        typer.echo(json.dumps({**row, "rules": rules}, ensure_ascii=False, default=str))


def scheduler_command() -> None:
    """运行政策定时任务（摘要推送、截止提醒），直到收到 SIGINT/SIGTERM。

    每个任务存储只运行一个。"""
    context = build_context(load_settings())
    try:
        runtime.ensure_embedded_schema(context)
        serve(context)
    except SchedulerAlreadyRunning as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    finally:
        context.close()
