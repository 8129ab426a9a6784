"""The metrics, the targets on the devset, and the `mengke evaluate` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher.baseline import Bm25System
from matcher.evaluation import (
    MatcherSystem,
    average_precision_at,
    evaluate,
    ndcg_at,
    percolation_scores,
    precision_at,
    recall_at,
)
from mengke.cli import app

GRADES = {"a": 2, "b": 1}


def test_ranking_metrics_on_a_hand_computed_case() -> None:
    assert ndcg_at(["a", "b", "x"], GRADES, 10) == pytest.approx(1.0)
    swapped = (1 + 3 / 1.585) / (3 + 1 / 1.585)
    assert ndcg_at(["b", "a"], GRADES, 10) == pytest.approx(swapped, 1e-3)
    assert average_precision_at(["x", "a", "b"], GRADES, 10) == pytest.approx((1 / 2 + 2 / 3) / 2)
    assert precision_at(["a", "x", "b"], GRADES, 5) == pytest.approx(2 / 5)
    assert recall_at(["x", "b"], GRADES, 10) == pytest.approx(1 / 2)


def test_percolation_counts_partial_answers_as_right_but_only_solutions_as_found() -> None:
    gold = {"d1": {"a": 2, "b": 1}, "d2": {"c": 2}}
    found = percolation_scores({("d1", "a"), ("d1", "b"), ("d2", "x")}, gold)
    assert (found.precision, found.recall) == pytest.approx((2 / 3, 1 / 2))
    assert found.f1 == pytest.approx(2 * (2 / 3) * (1 / 2) / (2 / 3 + 1 / 2))


def test_the_matcher_reaches_its_targets_on_the_devset(loaded, devset) -> None:  # type: ignore[no-untyped-def]
    report = evaluate(MatcherSystem(loaded), *devset)
    assert report.ndcg_at_10 >= 0.95
    assert report.p1_grade2 >= 0.95
    assert report.false_alarm_rate == 0.0
    assert report.alert_precision >= 0.9
    assert report.percolation.f1 >= 0.9


def test_bm25_is_evaluated_on_the_same_footing(loaded, devset) -> None:  # type: ignore[no-untyped-def]
    report = evaluate(Bm25System(loaded.analyzer, devset[0], devset[1]), *devset)
    assert 0.0 < report.ndcg_at_10 <= 1.0


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["evaluate", *args])


def files(folder: Path) -> list[str]:
    return [
        "--achievements",
        str(folder / "achievements.jsonl"),
        "--demands",
        str(folder / "demands.jsonl"),
        "--gold",
        str(folder / "gold.jsonl"),
    ]


def test_the_command_prints_one_json_object_with_the_agreed_keys(devset_dir: Path) -> None:
    result = run(*files(devset_dir), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    keys = {
        "ndcg@10",
        "map@10",
        "p@5",
        "recall@10",
        "p1_grade2",
        "false_alarm_rate",
        "alert_precision",
        "percolation",
    }
    assert set(report) == keys | {"bm25"} and set(report["bm25"]) == keys
    assert set(report["percolation"]) == {"precision", "recall", "f1"}


def test_the_command_prints_a_table_side_by_side(devset_dir: Path) -> None:
    result = run(*files(devset_dir))
    assert result.exit_code == 0 and "nDCG@10" in result.output and "BM25" in result.output


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "demands.jsonl",
            '{"id": "D1", "title": "x"}\n{"id": "D2", "title": \n',
            "demands.jsonl:2",
        ),
        (
            "demands.jsonl",
            '{"id": "D1", "title": "x"}\n{"id": "D1", "title": "y"}\n',
            "demands.jsonl:2",
        ),
        ("gold.jsonl", '{"demand_id": "D1", "relevant": {"NOPE": 2}}\n', "gold.jsonl:1"),
        ("gold.jsonl", '{"demand_id": "D1", "relevant": {"A1": 3}}\n', "gold.jsonl:1"),
    ],
)
def test_bad_input_names_the_file_and_line_and_fails(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    (tmp_path / "achievements.jsonl").write_text('{"id": "A1", "title": "钕铁硼"}\n', "utf-8")
    (tmp_path / "demands.jsonl").write_text('{"id": "D1", "title": "磁钢"}\n', "utf-8")
    (tmp_path / "gold.jsonl").write_text('{"demand_id": "D1", "relevant": {"A1": 2}}\n', "utf-8")
    (tmp_path / name).write_text(content, "utf-8")
    result = run(*files(tmp_path))
    assert result.exit_code != 0
    assert message in result.output
