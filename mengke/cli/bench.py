"""`mengke bench matcher`: index build time, memory and query latency of the matcher on a
synthetic corpus, beside a brute-force rapidfuzz scan and BM25 in the same run."""

from __future__ import annotations

import gc
import json
import resource
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import numpy as np
import typer
from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process

from matcher import dataset, synthetic
from matcher.baseline import tokens
from matcher.engine import Matcher
from matcher.model import Achievement, Demand
from mengke.cli.common import load_settings
from mengke.cli.pipeline import bench_app
from mengke.resources import SAMPLE_DIR, build_default_matcher

T = TypeVar("T")


class Clock:
    """Wall and CPU time together: on a shared machine the CPU time is the one-core figure."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def latencies(run: Callable[[T], object], items: Sequence[T]) -> dict[str, float]:
    walls, cpus = [], []
    for item in items:
        with Clock() as clock:
            run(item)
        walls.append(clock.wall * 1000)
        cpus.append(clock.cpu * 1000)
    return {
        "p50_ms": float(np.percentile(cpus, 50)),
        "p99_ms": float(np.percentile(cpus, 99)),
        "wall_p50_ms": float(np.percentile(walls, 50)),
        "wall_p99_ms": float(np.percentile(walls, 99)),
    }


def _sample(data: Path) -> tuple[list[Achievement], list[Demand]]:
    def read(name: str, build: Any) -> list[Any]:
        with (data / name).open(encoding="utf-8-sig") as lines:
            return dataset.parse_lines(lines, str(data / name), build)

    return read("achievements.jsonl", dataset.achievement), read("demands.jsonl", dataset.demand)


def _brute_force(
    matcher: Matcher, queries: Sequence[Any], choices: Sequence[Any], k: int
) -> dict[str, float]:
    """rapidfuzz token_set_ratio of each query against every item, one core, top k."""
    strings = [" ".join(tokens(matcher.analyzer, c, description=False)) for c in choices]

    def run(query: Any) -> None:
        text = " ".join(tokens(matcher.analyzer, query))
        scores = process.cdist(
            [text], strings, scorer=fuzz.token_set_ratio, processor=None, dtype=np.uint8, workers=1
        )[0]
        np.argpartition(-scores.astype(np.int16), k)[:k]

    return latencies(run, queries)


def _bm25(matcher: Matcher, queries: Sequence[Any], choices: Sequence[Any]) -> dict[str, float]:
    index = BM25Okapi([tokens(matcher.analyzer, c) for c in choices])
    return latencies(lambda q: index.get_scores(tokens(matcher.analyzer, q)), queries)


def _build(matcher: Matcher, supply: list[Achievement], open_demands: list[Demand]) -> dict:
    with Clock() as achievements:
        matcher.add_achievements(supply)
    with Clock() as demands:
        matcher.add_demands(open_demands)
    # The index lives as long as the process: keep the collector from walking it every time.
    gc.collect()
    gc.freeze()
    return {
        "achievements_s": achievements.cpu,
        "achievements_wall_s": achievements.wall,
        "demands_s": demands.cpu,
        "demands_wall_s": demands.wall,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _report(result: dict[str, Any]) -> str:
    build = result["build"]
    lines = [
        f"语料：{result['size']} 条成果，{result['demands']} 条开放需求"
        f"（随机种子 {result['seed']}）",
        f"建索引：成果 {build['achievements_s']:.1f} s CPU"
        f"（墙钟 {build['achievements_wall_s']:.1f} s），需求 {build['demands_s']:.1f} s；"
        f"峰值内存 {build['peak_rss_mb']:.0f} MB",
        f"{'方向 / 系统':<24}{'p50 ms':>9}{'p99 ms':>9}{'墙钟p50':>9}{'墙钟p99':>9}{'倍数':>8}",
    ]
    for direction in ("demand", "percolate"):
        ours = result[direction]["matcher"]["p50_ms"]
        for system, figures in result[direction].items():
            ratio = figures["p50_ms"] / ours if ours else float("nan")
            lines.append(
                f"{direction + ' / ' + system:<24}{figures['p50_ms']:>9.1f}"
                f"{figures['p99_ms']:>9.1f}{figures['wall_p50_ms']:>9.1f}"
                f"{figures['wall_p99_ms']:>9.1f}{ratio:>8.1f}"
            )
    return "\n".join(lines)


@bench_app.command("matcher")
def bench_matcher_command(
    size: Annotated[int, typer.Option(min=1, max=1_000_000, help="成果数")] = 100_000,
    demands: Annotated[int, typer.Option(min=1, help="开放需求数")] = 10_000,
    data: Annotated[
        Path, typer.Option(exists=True, file_okay=False, help="devset 格式的样例目录")
    ] = SAMPLE_DIR,
    queries: Annotated[int, typer.Option(min=1, help="每个方向测多少次查询")] = 300,
    baseline_queries: Annotated[int, typer.Option(min=1, help="基线测多少次查询")] = 20,
    seed: Annotated[int, typer.Option(help="随机种子")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="输出一个 JSON 对象")] = False,
) -> None:
    """匹配引擎基准：用样例词汇合成语料，报告单核 CPU 时间延迟（旁列墙钟时间），
    并与暴力比对和 BM25 在同一次运行中对照。"""
    try:
        sample_supply, sample_demands = _sample(data)
    except (dataset.DatasetError, OSError) as error:
        typer.echo(f"样例数据有误：{error}", err=True)
        raise typer.Exit(code=2) from error
    supply_pool, demand_pool = synthetic.pools(sample_supply), synthetic.pools(sample_demands)
    supply = list(synthetic.achievements(supply_pool, size, seed))
    open_demands = list(synthetic.demands(demand_pool, demands, seed + 1))
    asked = list(synthetic.demands(demand_pool, queries, seed + 2))
    arriving = list(synthetic.achievements(supply_pool, queries, seed + 3))
    matcher = build_default_matcher(load_settings().matcher)
    result: dict[str, Any] = {
        "size": size,
        "demands": demands,
        "seed": seed,
        "build": _build(matcher, supply, open_demands),
    }
    few_asked, few_arriving = asked[:baseline_queries], arriving[:baseline_queries]
    result["demand"] = {
        "matcher": latencies(lambda d: matcher.match_demand(d, 10), asked),
        "brute_force": _brute_force(matcher, few_asked, supply, 10),
        "bm25": _bm25(matcher, few_asked, supply),
    }
    result["percolate"] = {
        "matcher": latencies(matcher.percolate, arriving),
        "brute_force": _brute_force(matcher, few_arriving, open_demands, 10),
        "bm25": _bm25(matcher, few_arriving, open_demands),
    }
    typer.echo(json.dumps(result, ensure_ascii=False) if as_json else _report(result))
