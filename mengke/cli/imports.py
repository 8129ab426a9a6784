"""`mengke import KIND FILE`: files → events on the bus."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from mengke.cli.common import opened_context
from mengke.runtime import drain
from producers.importer import import_file


class Kind(StrEnum):
    achievements = "achievements"
    demands = "demands"
    policies = "policies"
    enterprises = "enterprises"


def import_command(
    kind: Kind = typer.Argument(..., help="achievements | demands | policies | enterprises"),
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help=".jsonl、.csv 或 .xlsx"),
) -> None:
    """导入文件：每个合格行发布为一个事件；不合格的行写入 FILE.rejected.jsonl。"""
    with opened_context() as context:
        report = import_file(context.bus, kind.value, path)
        if context.settings.bus == "memory":
            # The in-process bus dies with this process: its events are handled right here.
            drain(context)
    typer.echo(f"已发布 {report.published} 条{kind.value}事件。")
    for rejection in report.rejected:
        typer.echo(f"第 {rejection.row} 行被拒绝：{rejection.reason}", err=True)
    if report.rejected:
        typer.echo(f"共拒绝 {len(report.rejected)} 行，详见 {report.rejected_file}", err=True)
        raise typer.Exit(code=1)
