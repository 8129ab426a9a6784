"""Writes devset-format records as CSV or Excel files, the way an operator would export them."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "；".join(str(item) for item in value)
    return value


def _columns(records: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(key for record in records for key in record))


def write_csv(path: Path, records: list[dict[str, Any]]) -> Path:
    columns = _columns(records)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for record in records:
            writer.writerow(
                {key: "" if record.get(key) is None else _cell(record.get(key)) for key in columns}
            )
    return path


def write_xlsx(path: Path, records: list[dict[str, Any]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    columns = _columns(records)
    sheet.append(columns)
    for record in records:
        sheet.append([_cell(record.get(key)) for key in columns])
    workbook.save(path)
    return path


def write_jsonl(path: Path, records: list[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
