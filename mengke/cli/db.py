"""`mengke db …`: schema migrations."""

from __future__ import annotations

import typer

from mengke.cli.common import load_settings
from storage import migrate
from storage.db import create_db_engine

app = typer.Typer(no_args_is_help=True, help="数据库迁移")


@app.command()
def upgrade(revision: str = typer.Argument("head", help="目标版本")) -> None:
    """把数据库迁移到 REVISION 版本（默认最新）。"""
    settings = load_settings()
    engine = create_db_engine(settings.db.url.get_secret_value())
    migrate.upgrade(engine, revision)
    typer.echo(f"数据库已升级到 {revision}：{engine.url.render_as_string(hide_password=True)}")


@app.command()
def revision(message: str = typer.Option(..., "--message", "-m")) -> None:
    """开发者工具：对照当前数据库，从模型自动生成一个迁移。"""
    migrate.autogenerate(load_settings().db.url.get_secret_value(), message)
