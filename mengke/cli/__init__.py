"""The `mengke` command: one Typer app, each subcommand group in a module of its own."""

from __future__ import annotations

import typer

from mengke.cli import db
from mengke.cli.imports import import_command

app = typer.Typer(no_args_is_help=True, add_completion=False, help="蒙科聚 技术供需对接服务")
app.add_typer(db.app, name="db")
app.command("import")(import_command)


def main() -> None:
    app()
