"""`mengke matcher | notifier | run`, `mengke dlq list|replay`, `mengke bench pipeline`."""

from __future__ import annotations

import asyncio
import logging
import threading
from contextlib import AbstractContextManager

import typer

from consumers.deadletters import (
    Letter,
    LetterFilter,
    ReplayLedger,
    read_dead_letters,
    replay,
)
from consumers.dispatch import close_channel
from consumers.outbox import requeue_failed
from mengke import runtime
from mengke.cli.common import load_settings, opened_context
from mengke.components.loops import fresh_instance_id, group_id
from mengke.components.matcher import build_matcher
from mengke.components.notifier import build_notifier
from mengke.context import Context, build_context
from mengke.metrics import Health, serve
from mengke.settings import Settings

dlq_app = typer.Typer(no_args_is_help=True, help="死信队列：无法处理的消息")
bench_app = typer.Typer(no_args_is_help=True, help="性能基准")


def _settings() -> Settings:
    settings = load_settings()
    # kafka-python narrates every connection and rebalance at INFO; the event lines are ours.
    logging.getLogger("kafka").setLevel(logging.WARNING)
    return settings


def _run(build: str, **options: object) -> None:
    settings = _settings()
    context = build_context(settings)
    stop, health = threading.Event(), Health()
    try:
        runtime.ensure_embedded_schema(context)
        builder = build_matcher if build == "matcher" else build_notifier
        service = builder(context, health=health, stop=stop, **options)  # type: ignore[operator]
        server = serve(settings.metrics_port, health)
        code = runtime.run_components(service.runnables, stop)
        if server is not None:
            server.shutdown()
    finally:
        context.close()
    raise typer.Exit(code)


def matcher_command(
    instance_id: str = typer.Option("", help="本实例索引副本的名字（默认每次启动新建）"),
) -> None:
    """运行匹配消费者，直到收到 SIGINT/SIGTERM。"""
    _run("matcher", instance_id=instance_id or None)


def notifier_command(
    retry_failed: bool = typer.Option(False, "--retry-failed", help="重发失败的通知后退出"),
) -> None:
    """运行通知服务，直到收到 SIGINT/SIGTERM；加 --retry-failed 则重发失败的通知。"""
    if not retry_failed:
        _run("notifier")
        return
    with opened_context() as context:
        requeued = requeue_failed(context.sessions)
        sent = asyncio.run(_deliver_all(context))
    typer.echo(f"已重新排队 {requeued} 条失败通知，本次处理 {sent} 条。")


async def _deliver_all(context: Context) -> int:
    dispatcher = build_notifier(context).dispatcher
    total = 0
    try:
        while settled := await dispatcher.deliver_due():
            total += settled
    finally:
        await close_channel(dispatcher.channel)
    return total


def run_command() -> None:
    """一个进程运行全部组件：匹配、通知、机器人和定时推送（默认嵌入式配置）。"""
    settings = _settings()
    context = build_context(settings)
    stop, health = threading.Event(), Health()
    try:
        runtime.ensure_embedded_schema(context)
        runnables, main = runtime.build_all(context, health=health, stop=stop)
        server = serve(settings.metrics_port, health)
        code = runtime.run_components(runnables, stop, main)
        if server is not None:
            server.shutdown()
    finally:
        context.close()
    raise typer.Exit(code)


def _dlq_context() -> AbstractContextManager[Context]:
    settings = _settings()
    if settings.bus != "kafka":
        # The in-process bus lives and dies with one process: no dead letter outlives it.
        typer.echo("死信队列在 Kafka 上：请设置 MENGKE_BUS=kafka。", err=True)
        raise typer.Exit(2)
    return opened_context(settings)


_TOPIC = typer.Option(None, "--topic", help="只看来自这个主题的死信（写法同 dlq list 的显示）")
_ERROR = typer.Option(None, "--error-class", help="只看这种错误的死信，例如 ContractError")


def _letters(context: Context, chosen: LetterFilter) -> list[Letter]:
    group = group_id(context.settings, f"dlq.{fresh_instance_id()}")
    return [(r, letter) for r, letter in read_dead_letters(context.bus, group) if chosen(letter)]


def _ledger(context: Context) -> ReplayLedger:
    return ReplayLedger(context.redis, f"{context.settings.redis_scope}:dlq-replayed")


@dlq_app.command("list")
def dlq_list(topic: str | None = _TOPIC, error_class: str | None = _ERROR) -> None:
    """列出死信：来自哪里、为何失败、内容开头。"""
    with _dlq_context() as context:
        letters = _letters(context, LetterFilter(topic, error_class))
        ledger = _ledger(context)
        for record, letter in letters:
            origin = f"{letter.topic}[{letter.partition}]@{letter.offset}"
            done = "（已重放）" if ledger.replayed(record) else ""
            typer.echo(
                f"#{record.partition}:{record.offset}  {origin}  {letter.error_class}: "
                f"{letter.error_message}{done}\n    {letter.preview()}"
            )
    typer.echo(f"共 {len(letters)} 条死信。")


@dlq_app.command("replay")
def dlq_replay(topic: str | None = _TOPIC, error_class: str | None = _ERROR) -> None:
    """把尚未重放过的死信重新发布到原主题（修复导致失败的问题之后；可按主题或错误类型挑选）。"""
    with _dlq_context() as context:
        letters = _letters(context, LetterFilter(topic, error_class))
        count = replay(context.bus, _ledger(context), letters)
    typer.echo(f"已重新发布 {count} 条死信。")


@bench_app.command("pipeline")
def bench_pipeline(
    events: int = typer.Option(2000, help="每轮发布的事件数"),
    achievements: int = typer.Option(100_000, help="匹配消费者预先持有的成果数"),
    demands: int = typer.Option(1000, help="预先存在的开放需求数（成果反向匹配的对象）"),
    rate: float = typer.Option(50.0, help="延迟测量时的发布速率（事件/秒）"),
    seconds: float = typer.Option(20.0, help="延迟测量的时长"),
) -> None:
    """流水线基准：在配置的 Kafka 和数据库上测吞吐和“发布→outbox”延迟
    （使用独立的主题和数据库 schema，结束后删除）。"""
    from consumers.benchmark import BenchOptions, run_benchmark

    settings = _settings()
    if settings.bus != "kafka":
        typer.echo("基准要在真实的 Kafka 上测：请设置 MENGKE_BUS=kafka。", err=True)
        raise typer.Exit(2)
    options = BenchOptions(events, achievements, demands, rate, seconds)
    typer.echo(run_benchmark(settings, options, typer.echo))
