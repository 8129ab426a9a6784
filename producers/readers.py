"""Rows from JSONL, CSV and Excel files, each with the line number a person would look for."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Row = dict[str, Any]


class UnreadableRow(ValueError):
    """A row that is not even a record (broken JSON, say); the importer rejects it alone."""


def read_rows(path: Path) -> Iterator[tuple[int, Row | UnreadableRow]]:
    readers = {".jsonl": _jsonl_rows, ".csv": _csv_rows, ".xlsx": _xlsx_rows}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ValueError(f"不支持的文件类型 {path.suffix!r}：请使用 .jsonl、.csv 或 .xlsx")
    return reader(path)


def count_rows(path: Path) -> int:
    """Cheap upper bound for the progress bar."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True).active
        return max(0, (sheet.max_row or 1) - 1)
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Row | UnreadableRow]]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, UnreadableRow(f"JSON 格式错误：{exc.msg}（第 {exc.colno} 列）")
                continue
            if isinstance(value, dict):
                yield number, value
            else:
                yield number, UnreadableRow("每行应是一个 JSON 对象")


def _csv_rows(path: Path) -> Iterator[tuple[int, Row | UnreadableRow]]:
    # utf-8-sig: Excel writes a BOM in front of UTF-8 CSV files.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            yield number, _cleaned(row)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, Row | UnreadableRow]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.active.iter_rows(values_only=True)
        header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
        for number, cells in enumerate(rows, start=2):
            if all(cell is None for cell in cells):
                continue
            yield number, _cleaned(dict(zip(header, cells, strict=False)))
    finally:
        workbook.close()


def _cleaned(row: dict[Any, Any]) -> Row:
    """Spreadsheet cells: drop unnamed columns, blank cells mean "not stated"."""
    return {
        str(key).strip(): (None if value == "" else value)
        for key, value in row.items()
        if key not in (None, "")
    }
