"""The README's run command: `mengke demo` on the shipped sample, as a user runs it, from this
checkout and from a copy installed the way the container image installs it."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.image import copies
from tests.support.paths import REPO_ROOT, SAMPLE
from tests.support.tables import read_jsonl


def _image_context(folder: Path) -> Path:
    """What the Dockerfile's COPY lines put in the image, and nothing else."""
    for sources, target in copies():
        for source in sources:
            into = folder / target / source if target.endswith("/") else folder / target
            into.parent.mkdir(parents=True, exist_ok=True)
            if (REPO_ROOT / source).is_dir():
                shutil.copytree(
                    REPO_ROOT / source, into, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy(REPO_ROOT / source, into)
    return folder


def _installed_like_the_image(folder: Path) -> dict[str, str]:
    site = folder / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site)]
        + [str(_image_context(folder / "context"))],
        check=True,
        timeout=300,
    )
    return {"PYTHONPATH": str(site)}


@pytest.mark.parametrize("installed", [False, True], ids=["checkout", "installed"])
def test_demo_prints_the_right_first_recommendation_for_every_sample_demand(tmp_path, installed):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    if installed:
        env |= _installed_like_the_image(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "mengke", "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
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
    assert not list(SAMPLE.glob("*.rejected.jsonl"))
