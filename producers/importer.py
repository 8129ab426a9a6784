"""File → events: every good row published, every bad row reported with its reason."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tqdm import tqdm

from mengke.bus import Bus, publish_event
from mengke.events import ContractError, EventType, content_event_id, new_event, validate_payload
from producers.readers import UnreadableRow, count_rows, read_rows

Kind = Literal["achievements", "demands", "policies", "enterprises"]

EVENT_TYPES: dict[Kind, EventType] = {
    "achievements": "achievement.published",
    "demands": "demand.submitted",
    "policies": "policy.published",
    "enterprises": "enterprise.registered",
}
# Below this many rows a progress bar is noise.
PROGRESS_MIN_ROWS = 300


@dataclass(frozen=True)
class Rejection:
    row: int
    reason: str
    data: dict[str, Any] | None


@dataclass
class ImportReport:
    published: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    rejected_file: Path | None = None


def rejected_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejected.jsonl")


def import_file(
    bus: Bus,
    kind: Kind,
    path: Path,
    *,
    source: str = "import",
) -> ImportReport:
    event_type = EVENT_TYPES[kind]
    report = ImportReport()
    total = count_rows(path)
    with tqdm(
        total=total, unit="行", desc=f"导入 {path.name}", disable=total < PROGRESS_MIN_ROWS
    ) as bar:
        for number, row in read_rows(path):
            bar.update(1)
            rejection = _publish_row(bus, event_type, source, number, row)
            if rejection:
                report.rejected.append(rejection)
            else:
                report.published += 1
    bus.flush()
    _write_rejections(path, report)
    return report


def _publish_row(
    bus: Bus, event_type: EventType, source: str, number: int, row: dict[str, Any] | UnreadableRow
) -> Rejection | None:
    if isinstance(row, UnreadableRow):
        return Rejection(number, str(row), None)
    try:
        payload = validate_payload(event_type, row)
    except ContractError as exc:
        return Rejection(number, f"字段 {exc.field.removeprefix('payload.')}：{exc.reason}", row)
    event_id = content_event_id(event_type, payload)
    publish_event(bus, new_event(event_type, payload, source, event_id=event_id))
    return None


def _write_rejections(path: Path, report: ImportReport) -> None:
    target = rejected_path(path)
    if not report.rejected:
        target.unlink(missing_ok=True)
        return
    with target.open("w", encoding="utf-8") as handle:
        for rejection in report.rejected:
            line = {"row": rejection.row, "reason": rejection.reason, "data": rejection.data}
            handle.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
    report.rejected_file = target
