"""The README's run command: `mengke demo` on the shipped sample, as a user runs it."""

import re
import subprocess
import sys

from tests.support.paths import REPO_ROOT, SAMPLE
from tests.support.tables import read_jsonl


def test_demo_prints_the_right_first_recommendation_for_every_sample_demand(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mengke", "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    blocks = dict(re.findall(r"需求 (\S+)「.*?」.*?\n((?:  .*\n?)*)", result.stdout))
    gold = {row["demand_id"]: row["relevant"] for row in read_jsonl(SAMPLE / "gold.jsonl")}
    assert set(blocks) == set(gold)
    for demand_id, relevant in gold.items():
        best = [a for a, grade in relevant.items() if grade == 2]
        if best:
            first = re.search(r"1\.\s+[\d.]+ 分（推送） (\S+?)「", blocks[demand_id])
            assert first and first.group(1) in best, blocks[demand_id]
            assert "匹配理由：" in blocks[demand_id]
        else:
            assert "（推送）" not in blocks[demand_id]
    assert not list(REPO_ROOT.glob("sample/*.rejected.jsonl"))
