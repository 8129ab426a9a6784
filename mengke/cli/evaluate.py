"""`mengke evaluate`: match quality on any dataset in the devset format, beside BM25.

Importing this module also brings in `mengke bench matcher` (mengke.cli.bench registers it on
the bench group): the matcher's two measuring commands travel together."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Annotated, Any

import typer

from matcher import dataset
from matcher.baseline import Bm25System
from matcher.evaluation import MatcherSystem, evaluate
from matcher.model import Achievement, Demand
from mengke.cli import bench  # noqa: F401
from mengke.cli.common import load_settings
from mengke.resources import build_default_matcher

_FILE: dict[str, Any] = {"exists": True, "dir_okay": False, "readable": True}
_ROWS = (
    ("nDCG@10", "ndcg@10"),
    ("MAP@10", "map@10"),
    ("P@5", "p@5"),
    ("Recall@10", "recall@10"),
    ("首条为完全匹配 p1_grade2", "p1_grade2"),
    ("误报率 false_alarm_rate", "false_alarm_rate"),
    ("推送准确率 alert_precision", "alert_precision"),
)


def _read(path: Path, build: Any) -> list[tuple[int, Any]]:
    with path.open(encoding="utf-8-sig") as lines:
        return dataset.numbered(lines, str(path), build)


def load_dataset(
    achievements: Path, demands: Path, gold: Path
) -> tuple[list[Achievement], list[Demand], dict[str, dict[str, int]]]:
    """The three files, checked: unique ids, and every id in the gold file known."""
    supply = _read(achievements, dataset.achievement)
    wanted = _read(demands, dataset.demand)
    judged = _read(gold, dataset.gold)
    dataset.check_unique([(n, a.id) for n, a in supply], str(achievements))
    dataset.check_unique([(n, d.id) for n, d in wanted], str(demands))
    dataset.check_unique([(n, j[0]) for n, j in judged], str(gold))
    dataset.check_gold(judged, {d.id for _, d in wanted}, {a.id for _, a in supply}, str(gold))
    return [a for _, a in supply], [d for _, d in wanted], {d: g for _, (d, g) in judged}


def _pad(text: str, width: int) -> str:
    """Left-aligns in a terminal, where a Chinese character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def _table(ours: dict[str, Any], bm25: dict[str, Any]) -> str:
    rows = [(label, ours[key], bm25[key]) for label, key in _ROWS]
    rows += [
        (f"新成果推送 percolation {key}", ours["percolation"][key], bm25["percolation"][key])
        for key in ("precision", "recall", "f1")
    ]
    lines = [f"{_pad('指标', 34)}{'matcher':>9}{'BM25':>9}"]
    lines += [f"{_pad(label, 34)}{mine:>9.3f}{theirs:>9.3f}" for label, mine, theirs in rows]
    return "\n".join(lines)


def evaluate_command(
    achievements: Annotated[Path, typer.Option(**_FILE, help="成果文件 achievements.jsonl")],
    demands: Annotated[Path, typer.Option(**_FILE, help="需求文件 demands.jsonl")],
    gold: Annotated[Path, typer.Option(**_FILE, help="标注文件 gold.jsonl")],
    k: Annotated[int, typer.Option(min=1, help="排序评价的深度")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
) -> None:
    """评估匹配质量：需求→成果、新成果→开放需求两个方向，按当前推送阈值计算，
    并与同一分词上的 BM25 基线对照。"""
    try:
        supply, wanted, judged = load_dataset(achievements, demands, gold)
    except (dataset.DatasetError, UnicodeDecodeError) as error:
        typer.echo(f"数据文件有误：{error}", err=True)
        raise typer.Exit(code=2) from error
    matcher = build_default_matcher(load_settings().matcher)
    matcher.add_achievements(supply)
    matcher.add_demands(wanted)
    ours = evaluate(MatcherSystem(matcher), supply, wanted, judged, k).as_json()
    baseline = Bm25System(matcher.analyzer, supply, wanted)
    bm25 = evaluate(baseline, supply, wanted, judged, k).as_json()
    if as_json:
        typer.echo(json.dumps({**ours, "bm25": bm25}, ensure_ascii=False))
    else:
        typer.echo(_table(ours, bm25))
