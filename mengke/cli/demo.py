"""`mengke demo`: the whole embedded pipeline on a devset-format folder, in one process."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import typer
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from mengke.cli.common import load_settings, opened_context
from mengke.resources import SAMPLE_DIR
from mengke.runtime import drain
from mengke.settings import BotSettings, DbSettings, RedisSettings, Settings
from producers.importer import Kind, import_file
from storage import models

# Achievements before demands: a new demand is matched against the supply already indexed.
IMPORT_ORDER: tuple[Kind, ...] = ("enterprises", "policies", "achievements", "demands")


def demo_command(
    data: Path = typer.Option(
        SAMPLE_DIR, "--data", file_okay=False, exists=True, help="devset 格式的数据目录"
    ),
    top: int = typer.Option(3, "--top", min=1, help="每条需求显示的推荐数"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="显示每个事件的处理日志"),
) -> None:
    """把 DATA 导入一个全新的嵌入式流水线，打印每条需求的推荐结果。"""
    settings = load_settings()
    # One log line per event drowns the table the demo is for.
    logging.getLogger().setLevel(logging.INFO if verbose else logging.WARNING)
    with (
        tempfile.TemporaryDirectory(prefix="mengke-demo-") as workdir,
        opened_context(embedded(settings, Path(workdir))) as context,
    ):
        for kind in IMPORT_ORDER:
            path = data / f"{kind}.jsonl"
            if path.is_file():
                report = import_file(context.bus, kind, path, source="demo")
                rejected = len(report.rejected)
                typer.echo(f"导入 {path.name}：{report.published} 条，拒绝 {rejected} 条")
        drain(context)
        with Session(context.engine) as session:
            print_recommendations(session, top)


def embedded(settings: Settings, workdir: Path) -> Settings:
    """The configured settings, but on the in-process bus, fakeredis, the console and a
    throwaway SQLite file: the demo never touches a real deployment."""
    return settings.model_copy(
        update={
            "bus": "memory",
            "db": DbSettings(url=SecretStr(f"sqlite:///{workdir / 'demo.db'}")),
            "redis": RedisSettings(),
            "bot": BotSettings(),
        }
    )


def print_recommendations(session: Session, top: int) -> None:
    demands = session.scalars(select(models.Demand).order_by(models.Demand.id)).all()
    for demand in demands:
        typer.echo(f"\n需求 {demand.id}「{demand.title}」（{demand.enterprise or '未署名企业'}）")
        matches = session.execute(
            select(models.Match, models.Achievement)
            .join(models.Achievement, models.Achievement.id == models.Match.achievement_id)
            .where(models.Match.demand_id == demand.id)
            .order_by(models.Match.score.desc())
            .limit(top)
        ).all()
        if not matches:
            typer.echo("  暂无可推荐的成果")
        for rank, (match, achievement) in enumerate(matches, start=1):
            terms = "、".join(f"{r['demand_term']}↔{r['achievement_term']}" for r in match.reasons)
            flag = "（推送）" if match.alert else ""
            title = f"{achievement.id}「{achievement.title}」"
            typer.echo(f"  {rank}. {match.score:5.1f} 分{flag} {title}")
            typer.echo(f"     匹配理由：{terms or '标题与行业相近'}")
