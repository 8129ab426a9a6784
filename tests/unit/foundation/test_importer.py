import json

import pytest
from typer.testing import CliRunner

from mengke.bus.memory import MemoryBus
from mengke.cli import app
from mengke.events import decode
from producers.importer import PROGRESS_MIN_ROWS, import_file, rejected_path
from tests.support.paths import devset
from tests.support.tables import read_jsonl, write_csv, write_jsonl, write_xlsx

KINDS = {
    "achievements": "achievements.jsonl",
    "demands": "demands.jsonl",
    "policies": "policies.jsonl",
    "enterprises": "enterprises.jsonl",
}
WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "jsonl": write_jsonl}


def published_payloads(bus: MemoryBus, topic: str) -> list[dict]:
    return [decode(record.value).payload for record in bus.records(topic)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", WRITERS)
def test_devset_files_import_in_full_in_every_format(tmp_path, kind, fmt):
    records = read_jsonl(devset() / KINDS[kind])
    path = WRITERS[fmt](tmp_path / f"{kind}.{fmt}", records)
    bus = MemoryBus()

    report = import_file(bus, kind, path)

    assert report.published == len(records)
    assert report.rejected == []
    payloads = published_payloads(bus, getattr(bus.topics, kind))
    assert {p["id"] for p in payloads} == {r["id"] for r in records}
    by_id = {p["id"]: p for p in payloads}
    for record in records:
        assert {key: by_id[record["id"]][key] for key in record} == record


def test_bad_rows_are_reported_with_row_and_reason_and_the_rest_is_published(tmp_path):
    good = read_jsonl(devset() / "achievements.jsonl")[:3]
    path = write_jsonl(
        tmp_path / "achievements.jsonl",
        [
            good[0],
            {"id": "X1", "title": ""},
            good[1],
            {"id": "X2", "title": "t", "maturity": "量产"},
            "{not json",
            {"id": "X3", "title": "t", "price_wan": "面议"},
            {"id": "X4", "title": "长" * 300},
            good[2],
        ],
    )
    bus = MemoryBus()

    report = import_file(bus, "achievements", path)

    assert report.published == 3
    assert [(r.row, r.reason.split("：")[0]) for r in report.rejected] == [
        (2, "字段 title"),
        (4, "字段 maturity"),
        (5, "JSON 格式错误"),
        (6, "字段 price_wan"),
        (7, "字段 title"),
    ]
    written = read_jsonl(rejected_path(path))
    assert [line["row"] for line in written] == [2, 4, 5, 6, 7]
    assert written[0]["data"] == {"id": "X1", "title": ""}
    assert {p["id"] for p in published_payloads(bus, bus.topics.achievements)} == {
        r["id"] for r in good
    }


def test_csv_bad_row_numbers_count_the_header_line(tmp_path):
    path = write_csv(tmp_path / "d.csv", [{"id": "D1", "title": "t", "budget_wan": "三百"}])
    report = import_file(MemoryBus(), "demands", path)
    assert [(r.row, r.reason.split("：")[0]) for r in report.rejected] == [(2, "字段 budget_wan")]


def test_reimport_publishes_the_same_event_ids(tmp_path):
    path = devset() / "demands.jsonl"
    bus = MemoryBus()
    import_file(bus, "demands", path)
    import_file(bus, "demands", path)
    ids = [decode(r.value).event_id for r in bus.records(bus.topics.demands)]
    assert len(ids) == 2 * len(set(ids))


def test_a_clean_reimport_removes_a_stale_rejected_file(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "A1"}])
    import_file(MemoryBus(), "achievements", path)
    assert rejected_path(path).exists()
    write_jsonl(path, [{"id": "A1", "title": "t"}])
    import_file(MemoryBus(), "achievements", path)
    assert not rejected_path(path).exists()


def test_progress_bar_only_on_long_files(tmp_path, capsys):
    base = read_jsonl(devset() / "achievements.jsonl")[0]
    rows = [{**base, "id": f"P{i}"} for i in range(PROGRESS_MIN_ROWS + 10)]
    import_file(MemoryBus(), "achievements", write_jsonl(tmp_path / "big.jsonl", rows))
    assert f"{PROGRESS_MIN_ROWS + 10}/{PROGRESS_MIN_ROWS + 10}" in capsys.readouterr().err
    import_file(MemoryBus(), "achievements", write_jsonl(tmp_path / "small.jsonl", rows[:5]))
    assert capsys.readouterr().err == ""


def test_unsupported_file_type_is_a_clear_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="不支持的文件类型"):
        import_file(MemoryBus(), "achievements", path)


def test_cli_exits_non_zero_when_a_row_is_rejected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MENGKE_DB__URL", f"sqlite:///{tmp_path / 'm.db'}")
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "A1", "title": "t"}, {"id": "A2"}])
    result = CliRunner().invoke(app, ["import", "achievements", str(path)])
    assert result.exit_code == 1
    assert "第 2 行被拒绝" in result.output
    assert json.loads(rejected_path(path).read_text(encoding="utf-8"))["row"] == 2
