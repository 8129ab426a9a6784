"""`mengke bot`: the Telegram bot, by long polling or behind a webhook."""

from __future__ import annotations

import threading

import typer

from mengke.cli.common import load_settings, opened_context
from mengke.metrics import Health, serve


def bot_command() -> None:
    """运行 Telegram 机器人（令牌：MENGKE_BOT__TOKEN；接口地址：MENGKE_BOT__API_BASE_URL）。"""
    # Imported here: aiogram and matplotlib take a while to load and no other command needs them.
    from mengke.components.bot import build_bot
    from mengke.runtime import ensure_embedded_schema, run_components

    settings = load_settings()
    if not settings.bot.token.get_secret_value():
        typer.echo(
            "未设置机器人令牌：请设置环境变量 MENGKE_BOT__TOKEN（向 @BotFather 申请）。", err=True
        )
        raise typer.Exit(2)
    if settings.bus == "memory":
        typer.echo(
            "提示：当前是进程内消息总线（MENGKE_BUS=memory），单独运行的机器人收不到匹配推荐；"
            "演示请用 `mengke run`，生产请设置 MENGKE_BUS=kafka。",
            err=True,
        )
    stop, health = threading.Event(), Health()
    with opened_context(settings) as context:
        ensure_embedded_schema(context)
        runnables, main = build_bot(context, health=health, stop=stop)
        server = serve(settings.metrics_port, health)
        code = run_components(runnables, stop, main)
        if server is not None:
            server.shutdown()
    raise typer.Exit(code)
