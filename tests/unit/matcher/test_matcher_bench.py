"""`mengke bench matcher` end to end on a small corpus, and the synthetic generator."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from matcher import synthetic
from mengke.cli import app


def test_the_synthetic_corpus_is_seeded_and_recombines_the_sample(devset) -> None:  # type: ignore[no-untyped-def]
    pool = synthetic.pools(devset[0])
    first = list(synthetic.achievements(pool, 50, seed=3))
    assert first == list(synthetic.achievements(pool, 50, seed=3))
    assert first != list(synthetic.achievements(pool, 50, seed=4))
    assert len({a.id for a in first}) == 50
    assert all(
        sentence in "".join(pool.sentences)
        for sentence in first[0].description.split("。")
        if sentence
    )


def test_the_benchmark_reports_every_figure_for_both_directions(devset_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "matcher",
            "--size",
            "300",
            "--demands",
            "100",
            "--queries",
            "5",
            "--baseline-queries",
            "2",
            "--data",
            str(devset_dir),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["build"]["peak_rss_mb"] > 0 and report["build"]["achievements_s"] > 0
    for direction in ("demand", "percolate"):
        assert set(report[direction]) == {"matcher", "brute_force", "bm25"}
        assert all(
            figures["p99_ms"] >= figures["p50_ms"] > 0 for figures in report[direction].values()
        )


def test_a_folder_without_the_sample_files_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "matcher", "--data", str(tmp_path)])
    assert result.exit_code != 0 and "achievements.jsonl" in result.output
