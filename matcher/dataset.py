"""Reading records in the devset format (JSON Lines) from text, with errors that name the
source and the line. The caller opens the files."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from matcher.model import Achievement, Demand

T = TypeVar("T")


class DatasetError(ValueError):
    def __init__(self, source: str, line_no: int, message: str) -> None:
        super().__init__(f"{source}:{line_no}: {message}")


def _text(record: Mapping[str, Any], key: str, required: bool = False) -> str | None:
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"field {key!r} is missing or empty")
        return None
    if not isinstance(value, str):
        raise ValueError(f"field {key!r} must be a string, not {type(value).__name__}")
    return value


def _terms(record: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = record.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"field {key!r} must be a list of strings")
    return tuple(v for v in value if v.strip())


def _money(record: Mapping[str, Any], key: str) -> float | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"field {key!r} must be a number or null")
    return float(value)


def achievement(record: Mapping[str, Any]) -> Achievement:
    return Achievement(
        id=_text(record, "id", required=True),  # type: ignore[arg-type]
        title=_text(record, "title", required=True),  # type: ignore[arg-type]
        description=_text(record, "description") or "",
        industry=_text(record, "industry"),
        keywords=_terms(record, "keywords"),
        maturity=_text(record, "maturity"),
        transfer_mode=_text(record, "transfer_mode"),
        owner=_text(record, "owner"),
        region=_text(record, "region"),
        price_wan=_money(record, "price_wan"),
    )


def demand(record: Mapping[str, Any]) -> Demand:
    return Demand(
        id=_text(record, "id", required=True),  # type: ignore[arg-type]
        title=_text(record, "title", required=True),  # type: ignore[arg-type]
        description=_text(record, "description") or "",
        industry=_text(record, "industry"),
        keywords=_terms(record, "keywords"),
        region=_text(record, "region"),
        budget_wan=_money(record, "budget_wan"),
        enterprise=_text(record, "enterprise"),
    )


def gold(record: Mapping[str, Any]) -> tuple[str, dict[str, int]]:
    demand_id = _text(record, "demand_id", required=True)
    relevant = record.get("relevant")
    if not isinstance(relevant, dict):
        raise ValueError("field 'relevant' must be an object {achievement_id: grade}")
    for key, grade in relevant.items():
        if grade not in (1, 2) or isinstance(grade, bool):
            raise ValueError(f"grade of {key!r} must be 1 or 2, not {grade!r}")
    return demand_id, dict(relevant)  # type: ignore[return-value]


def parse_lines(
    lines: Iterable[str], source: str, build: Callable[[Mapping[str, Any]], T]
) -> list[T]:
    """One record per non-blank line; the first bad line raises DatasetError."""
    return [record for _, record in numbered(lines, source, build)]


def numbered(
    lines: Iterable[str], source: str, build: Callable[[Mapping[str, Any]], T]
) -> list[tuple[int, T]]:
    records = []
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a line must hold one JSON object")
            records.append((line_no, build(record)))
        except ValueError as error:  # json.JSONDecodeError is a ValueError too
            raise DatasetError(source, line_no, str(error)) from error
    return records


def check_unique(ids: Iterable[tuple[int, str]], source: str) -> None:
    """(line, id) pairs; a repeated id is reported at its second line."""
    seen: set[str] = set()
    for line_no, item in ids:
        if item in seen:
            raise DatasetError(source, line_no, f"id {item!r} appears twice")
        seen.add(item)


def check_gold(
    judged: Iterable[tuple[int, tuple[str, Mapping[str, int]]]],
    demand_ids: set[str],
    achievement_ids: set[str],
    source: str,
) -> None:
    """Every id a gold line names must exist in the demand and achievement files."""
    for line_no, (demand_id, grades) in judged:
        unknown = ({demand_id} - demand_ids) | (set(grades) - achievement_ids)
        if unknown:
            raise DatasetError(source, line_no, f"unknown ids {sorted(unknown)}")
