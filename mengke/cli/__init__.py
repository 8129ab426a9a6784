"""The `mengke` command: one Typer app, each subcommand group in a module of its own."""

from __future__ import annotations

import typer

from mengke.cli import bot, db, pipeline, policies
from mengke.cli.demo import demo_command
from mengke.cli.evaluate import evaluate_command
from mengke.cli.imports import import_command

app = typer.Typer(no_args_is_help=True, add_completion=False, help="蒙科聚 技术供需对接服务")
app.command("demo")(demo_command)
app.add_typer(db.app, name="db")
app.command("import")(import_command)
app.command("matcher")(pipeline.matcher_command)
app.command("notifier")(pipeline.notifier_command)
app.command("run")(pipeline.run_command)
app.command("bot")(bot.bot_command)
app.add_typer(pipeline.dlq_app, name="dlq")
app.add_typer(pipeline.bench_app, name="bench")
app.command("evaluate")(evaluate_command)
app.command("evaluate-policies")(policies.evaluate_policies_command)
app.command("policy-rules")(policies.policy_rules_command)
app.command("scheduler")(policies.scheduler_command)


def main() -> None:
    app()
