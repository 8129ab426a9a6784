"""`mengke bench pipeline`: the matching consumer's throughput on the real broker and
database beside a bare kafka-python consume loop (the client's ceiling) measured in the same
run, and the latency from publishing a demand to its outbox rows at a steady rate."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import psutil
from kafka import KafkaConsumer
from prometheus_client import REGISTRY
from rich.cells import cell_len
from sqlalchemy import Select, func, select

from consumers.bench_data import (
    Corpus,
    bench_settings,
    delete_topics,
    fields,
    preload,
    scratch_database,
)
from consumers.loop import ConsumerLoop
from mengke.bus import publish_event
from mengke.components.matcher import MatcherService, build_matcher
from mengke.context import Context, build_context
from mengke.events import EventType, content_event_id, new_event, validate_payload
from mengke.runtime import run_components
from mengke.settings import Settings
from storage import models

BROKER = 1  # an approved broker with no scope: every alert becomes an outbox row
DEADLINE_S = 900.0
NAME_COLUMNS, CELL_COLUMNS = 30, 10  # of the report's tables
TARGETS = {"成果": 1000, "需求": 300}  # events/s the project asks of one matching consumer
# The matching handlers' steps (mengke.metrics.MATCHING_SECONDS), with what each covers.
STEPS = {
    "match": "匹配",
    "database": "数据库",
    "index": "更新索引",
    "announce": "发布提醒",
}


@dataclass(frozen=True)
class BenchOptions:
    events: int
    achievements: int
    demands: int
    rate: float
    seconds: float


@dataclass(frozen=True)
class Throughput:
    events: int
    seconds: float
    alerts: int | None = None  # matches over the alert cut the run stored and announced
    steps: dict[str, float] = dataclasses.field(default_factory=dict)  # seconds, by step
    machine_cpu: float = 0.0  # CPU seconds every process used meanwhile, broker and database too

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def run_benchmark(settings: Settings, options: BenchOptions, say: Callable[[str], None]) -> str:
    with scratch_database(settings.db.url.get_secret_value()) as db_url:
        bench = bench_settings(settings, db_url)
        context = build_context(bench)
        try:
            return _run(context, Corpus.from_sample(), options, say)
        finally:
            names = context.bus.topics.all()
            context.close()
            delete_topics(bench, names)


def _run(context: Context, corpus: Corpus, options: BenchOptions, say: Callable) -> str:
    say(f"预置 {options.achievements} 条成果、{options.demands} 条开放需求 …")
    started = time.perf_counter()
    with context.sessions.begin() as session:
        preload(
            session,
            corpus.achievements(options.achievements, "PA", 0),
            corpus.demands(options.demands, "PD", 1),
        )
    preloaded = time.perf_counter() - started
    stop = threading.Event()
    started = time.perf_counter()
    service = build_matcher(context, instance_id="bench", stop=stop)
    rebuilt = time.perf_counter() - started
    replica, shared = service.loops
    say("测吞吐 …")
    _publish(context, "achievement.published", corpus.achievements(options.events, "NA", 2))
    bare = _bare_consume(context.settings, context.bus.topics.achievements, options.events)
    supply = _with_alerts(context, _through(replica, options.events), "supply→demand")
    _publish(context, "demand.submitted", corpus.demands(options.events, "ND", 3))
    demand = _with_alerts(context, _through(shared, options.events), "demand→supply")
    _drain(replica)  # the replica catches up on those demands before the latency run
    say(f"测延迟（{options.rate:g} 条/秒，{options.seconds:g} 秒）…")
    latencies = _latency(context, service, corpus, options, stop)
    return _report(context, options, preloaded, rebuilt, bare, supply, demand, latencies)


def _publish(context: Context, event_type: EventType, records: list) -> list[str]:
    ids = []
    for record in records:
        payload = validate_payload(event_type, fields(record))
        envelope = new_event(
            event_type, payload, "bench", event_id=content_event_id(event_type, payload)
        )
        publish_event(context.bus, envelope)
        ids.append(envelope.event_id)
    context.bus.flush()
    return ids


def _timed(step: Callable[[], int], wanted: int) -> Throughput:
    """From the poll that brought the first record (group joining excluded) to the last."""
    handled, first, busy = 0, None, 0.0
    deadline = time.monotonic() + DEADLINE_S
    while handled < wanted and time.monotonic() < deadline:
        before, cpu = time.perf_counter(), _machine_busy()
        got = step()
        if got and first is None:
            first, busy = before, cpu
        handled += got
    seconds = time.perf_counter() - (first or time.perf_counter())
    return Throughput(handled, seconds, machine_cpu=_machine_busy() - busy if first else 0.0)


def _machine_busy() -> float:
    """CPU seconds all processes have used since boot. Guest time is already inside user time,
    and time stolen by a hypervisor was not ours; some fields exist on Linux only."""
    times = psutil.cpu_times()
    return sum(getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq"))


def _through(loop: ConsumerLoop, wanted: int) -> Throughput:
    """The loop's figures, with the time its handlers spent in each step."""
    before = _step_seconds()
    figures = _timed(lambda: loop.step(timeout_s=1.0), wanted)
    after = _step_seconds()
    return dataclasses.replace(figures, steps={s: after[s] - before[s] for s in STEPS})


def _step_seconds() -> dict[str, float]:
    sample = "mengke_matching_seconds_total"
    return {step: REGISTRY.get_sample_value(sample, {"step": step}) or 0.0 for step in STEPS}


def _with_alerts(context: Context, figures: Throughput, direction: str) -> Throughput:
    query = select(func.count()).where(models.Match.alert, models.Match.direction == direction)
    return dataclasses.replace(figures, alerts=_count(context, query))


def _bare_consume(settings: Settings, topic: str, wanted: int) -> Throughput:
    """Poll and commit, nothing else: what kafka-python itself allows on this machine."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=settings.kafka.bootstrap_servers,
        group_id=f"{settings.kafka.group_prefix}.bare",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )

    def step() -> int:
        batches = consumer.poll(timeout_ms=1000, max_records=settings.consumer.batch_size)
        if batches:
            consumer.commit()
        return sum(len(records) for records in batches.values())

    try:
        return _timed(step, wanted)
    finally:
        consumer.close()


def _latency(
    context: Context,
    service: MatcherService,
    corpus: Corpus,
    options: BenchOptions,
    stop: threading.Event,
) -> dict[str, list[float]]:
    """Demands published at a steady rate to the matcher (threads of this process) and the
    notifier (a process of its own, as deployed); ms from each publish to each match stored
    and to each outbox row written."""
    notifier = _notifier_process(context.settings)
    thread = threading.Thread(target=run_components, args=(service.runnables, stop))
    try:
        # The alerts of the throughput runs pass while nobody is there to be told about them.
        _wait(lambda: _count(context, _processed("notifier")) >= _count(context, _announced()))
        with context.sessions.begin() as session:
            session.add(models.User(id=BROKER, role="broker", broker_status="approved"))
        thread.start()
        demands = corpus.demands(int(options.rate * options.seconds), "LD", 4)
        published = _publish_steadily(context, demands, options.rate)
        _wait_for_rows(context, list(published))
    finally:
        stop.set()
        if thread.is_alive():
            thread.join()
        notifier.terminate()
        notifier.wait(60)
    return _delays(context, published)


def _notifier_process(settings: Settings) -> subprocess.Popen:
    """`mengke notifier` on the benchmark's topics and schema, printing to nowhere (no token:
    the console channel, so no real chat is ever messaged)."""
    env = {
        **os.environ,
        "MENGKE_BUS": "kafka",
        "MENGKE_DB__URL": settings.db.url.get_secret_value(),
        "MENGKE_KAFKA__TOPIC_SUFFIX": settings.kafka.topic_suffix,
        "MENGKE_KAFKA__GROUP_PREFIX": settings.kafka.group_prefix,
        "MENGKE_BOT__TOKEN": "",
        "MENGKE_METRICS_PORT": "0",
        "MENGKE_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-c", "from mengke.cli import main; main()", "notifier"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _processed(consumer: str) -> Select:
    return select(func.count()).where(models.ProcessedEvent.consumer == consumer)


def _announced() -> Select:
    return select(func.count()).where(models.Match.published_at.is_not(None))


def _count(context: Context, query: Select) -> int:
    with context.sessions() as session:
        return int(session.scalar(query) or 0)


def _wait(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark: the pipeline did not catch up in time")
        time.sleep(0.5)


def _delays(context: Context, published: dict[str, float]) -> dict[str, list[float]]:
    ids = list(published)
    with context.sessions() as session:
        stored = session.execute(
            select(models.Match.demand_id, models.Match.created_at).where(
                models.Match.demand_id.in_(ids), models.Match.alert
            )
        ).all()
        queued = session.execute(
            select(models.Match.demand_id, models.Notification.created_at)
            .join(models.Match, models.Match.id == models.Notification.match_id)
            .where(models.Match.demand_id.in_(ids))
        ).all()

    def ms(rows: list) -> list[float]:
        return [(at.timestamp() - published[demand_id]) * 1000 for demand_id, at in rows]

    return {"stored": ms(stored), "outbox": ms(queued)}


def _drain(loop: ConsumerLoop) -> None:
    """Step until the topics are idle; the first polls may be empty while the group joins."""
    empty, seen = 0, False
    while empty < (2 if seen else 10):
        got = loop.step(timeout_s=1.0)
        seen = seen or bool(got)
        empty = 0 if got else empty + 1


def _publish_steadily(context: Context, demands: list, rate: float) -> dict[str, float]:
    published: dict[str, float] = {}
    start = time.perf_counter()
    for n, demand in enumerate(demands):
        time.sleep(max(0.0, start + n / rate - time.perf_counter()))
        published[demand.id] = time.time()
        _publish(context, "demand.submitted", [demand])
    return published


def _wait_for_rows(context: Context, demand_ids: list[str], quiet_s: float = 3.0) -> None:
    """Until the demands are all scored and no outbox row has appeared for `quiet_s`."""
    last, since = -1, time.monotonic()
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        with context.sessions() as session:
            scored = session.scalar(
                select(func.count())
                .select_from(models.Demand)
                .where(models.Demand.id.in_(demand_ids))
            )
            rows = session.scalar(select(func.count()).select_from(models.Notification))
        if scored == len(demand_ids) and rows == last and time.monotonic() - since > quiet_s:
            return
        if rows != last:
            last, since = rows, time.monotonic()
        time.sleep(0.5)


def _report(
    context: Context,
    options: BenchOptions,
    preloaded: float,
    rebuilt: float,
    bare: Throughput,
    supply: Throughput,
    demand: Throughput,
    latencies: dict[str, list[float]],
) -> str:
    database = context.engine.dialect.name
    lines = [
        f"mengke bench pipeline：Kafka {context.settings.kafka.bootstrap_servers}，"
        f"数据库 {database}，预置 {options.achievements} 条成果 / {options.demands} 条开放需求",
        f"预置写库 {preloaded:.1f} s；匹配消费者启动（从数据库重建索引）{rebuilt:.1f} s",
        _row("吞吐（一个匹配消费者）", "事件数", "秒", "事件/秒", "目标", "提醒/事件", indent=""),
        _line("裸 kafka-python 消费循环", bare, "（上限）"),
        _line("成果 achievement.published", supply, f"≥ {TARGETS['成果']}"),
        _line("需求 demand.submitted", demand, f"≥ {TARGETS['需求']}"),
    ]
    runs = {"成果": supply, "需求": demand}
    lines += _breakdown(runs)
    lines += _machine(runs, psutil.cpu_count() or 1)
    lines.append(f"延迟（{options.rate:g} 条需求/秒 × {options.seconds:g} 秒）：")
    for name, key, target in (
        ("发布→匹配入库", "stored", ""),
        ("发布→outbox 行", "outbox", "（目标 p99 ≤ 500 ms）"),
    ):
        delays = latencies[key]
        if not delays:
            lines.append(f"  {name}：没有数据（没有超过提醒阈值的匹配）")
            continue
        p50, p99 = np.percentile(delays, [50, 99])
        lines.append(f"  {name}：{len(delays)} 行，p50 {p50:.0f} ms，p99 {p99:.0f} ms{target}")
    return "\n".join(lines)


def _line(name: str, figures: Throughput, target: str) -> str:
    cells = [figures.events, f"{figures.seconds:.1f}", f"{figures.per_second:.0f}", target]
    if figures.alerts is not None:
        cells.append(f"{figures.alerts / max(figures.events, 1):.1f}")
    return _row(name, *cells)


def _row(name: str, *cells: object, indent: str = "  ") -> str:
    """A table row in terminal columns, where a Chinese character takes two."""
    label = indent + name
    return (
        label
        + " " * max(NAME_COLUMNS - cell_len(label), 0)
        + "".join(" " * max(CELL_COLUMNS - cell_len(str(cell)), 0) + str(cell) for cell in cells)
    )


def _breakdown(runs: dict[str, Throughput]) -> list[str]:
    """Milliseconds per event in each handler step; the rest is the loop's own work: polling,
    decoding, logging, committing offsets."""
    lines = [_row("每个事件的耗时（ms）", *STEPS.values(), "其余", indent="")]
    for name, figures in runs.items():
        per_event = [figures.steps[step] * 1000 / max(figures.events, 1) for step in STEPS]
        rest = figures.seconds * 1000 / max(figures.events, 1) - sum(per_event)
        lines.append(_row(name, *(f"{ms:.2f}" for ms in (*per_event, rest))))
    return lines


def _machine(runs: dict[str, Throughput], cores: int) -> list[str]:
    """CPU milliseconds per event over the whole machine, the broker's and the database's
    included, beside what the target leaves per event with every core busy: a cost above it
    cannot reach the target on this machine however the work is spread over processes."""
    lines = [_row(f"整机 CPU（{cores} 核，所有进程）", "ms/事件", "目标所许", indent="")]
    for name, figures in runs.items():
        spent = figures.machine_cpu * 1000 / max(figures.events, 1)
        lines.append(_row(name, f"{spent:.2f}", f"{cores * 1000 / TARGETS[name]:.2f}"))
    return lines
